namespace AiSpm.Gateway.Configuration;

public sealed record LimitsOptions
{
    public long MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest buffered (non-streamed) upstream response that is scanned whole.</summary>
    public long MaxResponseBodyBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>Largest single server-sent event accepted from an upstream (a stream with a larger one is ended with an error event).</summary>
    public int MaxSseEventBytes { get; set; } = LimitsDefaults.MaxSseEventBytes;

    public int MaxConcurrentRequests { get; set; } = 1024;

    public int RequestHeadersTimeoutMs { get; set; } = 10_000;

    public int RequestBodyTimeoutMs { get; set; } = 30_000;
}
