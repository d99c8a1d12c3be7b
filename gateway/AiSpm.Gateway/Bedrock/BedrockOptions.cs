namespace AiSpm.Gateway.Bedrock;

/// <summary>
/// The Bedrock runtime API through the gateway (<c>/model/{modelId}/converse</c> and the other three inference
/// operations). Null (the default) leaves those paths unserved. Setters for the configuration-binding source generator.
/// </summary>
public sealed record BedrockOptions
{
    /// <summary>The Bedrock runtime endpoint requests go to, e.g. https://bedrock-runtime.us-east-1.amazonaws.com.</summary>
    public string Endpoint { get; set; } = "";

    /// <summary>The region the gateway signs its own requests for.</summary>
    public string Region { get; set; } = "";

    /// <summary>The SigV4 service name (Bedrock's signing name).</summary>
    public string SigningName { get; set; } = "bedrock";

    /// <summary>
    /// How callers are authenticated: sigv4 (their signature is verified against <see cref="CallerKeysEnv"/>) or
    /// trusted (the gateway is reachable only from LiteLLM or another trusted client; no signature is checked). The
    /// caller's Authorization never goes upstream either way.
    /// </summary>
    public string CallerAuth { get; set; } = "sigv4";

    /// <summary>The environment variable holding the caller keys as <c>AKID1:SECRET1,AKID2:SECRET2</c>.</summary>
    public string? CallerKeysEnv { get; set; }

    /// <summary>How far a caller's x-amz-date may be from the gateway's clock.</summary>
    public int MaxClockSkewSeconds { get; set; } = 300;

    public int ConnectTimeoutMs { get; set; } = 5_000;

    public int FirstByteTimeoutMs { get; set; } = 120_000;

    public int IdleTimeoutMs { get; set; } = 60_000;

    /// <summary>Bedrock Guardrails (ApplyGuardrail) run after AiSpm's detectors, per model pattern; first match wins.</summary>
    public List<BedrockGuardrailOptions> Guardrails { get; set; } = [];
}
