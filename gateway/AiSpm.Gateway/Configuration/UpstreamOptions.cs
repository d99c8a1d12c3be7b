namespace AiSpm.Gateway.Configuration;

public sealed record UpstreamOptions
{
    /// <summary>Base URL including the version segment, e.g. https://api.openai.com/v1.</summary>
    public string BaseUrl { get; set; } = "";

    public UpstreamAuthOptions Auth { get; set; } = new();

    /// <summary>
    /// A PEM file of the certificate authorities this upstream's TLS certificate must chain to, in place of the system's
    /// (a provider behind a private CA, or a test certificate); the host name is still checked.
    /// </summary>
    public string? CaFile { get; set; }

    public int ConnectTimeoutMs { get; set; } = 5_000;

    /// <summary>From sending the request to the response headers.</summary>
    public int FirstByteTimeoutMs { get; set; } = 120_000;

    /// <summary>Longest silence between two reads of the response body (between SSE events).</summary>
    public int IdleTimeoutMs { get; set; } = 60_000;
}
