namespace AiSpm.Gateway.Configuration;

public sealed record UpstreamOptions
{
    /// <summary>Base URL including the version segment, e.g. https://api.openai.com/v1.</summary>
    public string BaseUrl { get; set; } = "";

    public UpstreamAuthOptions Auth { get; set; } = new();

    public int ConnectTimeoutMs { get; set; } = 5_000;

    /// <summary>From sending the request to the response headers.</summary>
    public int FirstByteTimeoutMs { get; set; } = 120_000;

    /// <summary>Longest silence between two reads of the response body (between SSE events).</summary>
    public int IdleTimeoutMs { get; set; } = 60_000;
}
