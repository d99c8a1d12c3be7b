namespace AiSpm.Gateway.Configuration;

public sealed record AdminOptions
{
    public string BaseUrl { get; set; } = "";

    /// <summary>The gateway's own bearer credential for the admin's ingest and policy endpoints.</summary>
    public string? TokenEnv { get; set; }

    public string? TokenFile { get; set; }

    public string SpoolDirectory { get; set; } = ".data/spool";

    public long SpoolMaxBytes { get; set; } = 256L * 1024 * 1024;
}
