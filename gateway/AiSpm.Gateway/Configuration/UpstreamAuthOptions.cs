namespace AiSpm.Gateway.Configuration;

public sealed record UpstreamAuthOptions
{
    /// <summary>passthrough keeps the client's credential; replace swaps in a configured key.</summary>
    public string Mode { get; set; } = "passthrough";

    public string? ApiKeyEnv { get; set; }

    public string? ApiKeyFile { get; set; }

    /// <summary>authorization (Bearer) or x-api-key (Anthropic).</summary>
    public string Header { get; set; } = "authorization";
}
