namespace AiSpm.Gateway.Configuration;

/// <summary>
/// The gateway's whole configuration: a JSON file plus AISPM_GATEWAY__* environment overrides. Setters rather than
/// init accessors because the configuration-binding source generator (the AOT-safe binder) only fills settable
/// properties; nothing mutates options after start-up.
/// </summary>
public sealed record GatewayOptions
{
    public string Listen { get; set; } = "http://127.0.0.1:8080";

    /// <summary>monitor records and forwards; enforce blocks.</summary>
    public string Mode { get; set; } = "enforce";

    /// <summary>What an internal detector error does: open forwards unscanned, closed refuses.</summary>
    public string FailMode { get; set; } = "closed";

    /// <summary>auto, hyperscan or managed.</summary>
    public string Engine { get; set; } = "auto";

    public string RulesDirectory { get; set; } = "rules";

    public RulesReloadOptions RulesReload { get; set; } = new();

    public string? ScorerPath { get; set; }

    /// <summary>Bytes of streamed text held back so a block can cut the stream before matched bytes leave.</summary>
    public int StreamHoldbackBytes { get; set; } = 96;

    /// <summary>Redact pii and secret spans and forward, instead of blocking, in enforce mode.</summary>
    public bool RedactInsteadOfBlock { get; set; } = true;

    /// <summary>Tool names or name prefixes that count as high-risk for excessive_agency.</summary>
    public List<string> HighRiskTools { get; set; } = [];

    /// <summary>
    /// For /v1/* paths that are not one of the known endpoints: scan (every string of the body is inspected like a
    /// request's, then forwarded), passthrough (forwarded unscanned: the operator's explicit choice) or refuse.
    /// </summary>
    public string OtherPaths { get; set; } = "scan";

    /// <summary>
    /// Whether the x-litellm-* identity headers (key, team, user), which choose modes, suppressions and limits, are
    /// believed: trusted (the gateway is reachable only from LiteLLM), ignored (identity is the client key's
    /// fingerprint), or secret (believed only beside <c>x-aispm-identity-secret</c> holding <see cref="IdentitySecretEnv"/>'s value).
    /// Unset: trusted when <see cref="Listen"/> is a loopback address, ignored otherwise.
    /// </summary>
    public string? IdentityHeaders { get; set; }

    /// <summary>
    /// The operator's statement that only trusted callers (LiteLLM) can reach a non-loopback <see cref="Listen"/>
    /// address; without it <c>identityHeaders: trusted</c> refuses to start there.
    /// </summary>
    public bool TrustedNetwork { get; set; }

    /// <summary>The environment variable holding the secret for <c>identityHeaders: secret</c>.</summary>
    public string? IdentitySecretEnv { get; set; }

    /// <summary>
    /// The environment variable holding the management token: when set, /metrics and the detail of /readyz require
    /// <c>Authorization: Bearer</c> with it. Unset, /metrics is open and /readyz shows its detail only on loopback.
    /// </summary>
    public string? ManagementTokenEnv { get; set; }

    /// <summary>
    /// Peers (IP addresses) whose X-Forwarded-For/-Proto/-Host are kept and extended; from anyone else those headers
    /// are replaced by what the gateway itself sees.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>Allows plain-http upstream and admin URLs on non-loopback hosts (a private network the operator vouches for).</summary>
    public bool AllowInsecureHttp { get; set; }

    public LimitsOptions Limits { get; set; } = new();

    public FaultInjectionOptions FaultInjection { get; set; } = new();

    public Dictionary<string, UpstreamOptions> Upstreams { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public List<RouteOptions> Routes { get; set; } = [];

    /// <summary>
    /// A local policy document (modes per route/key/team/model, suppressions, rate and token limits) in the admin
    /// service's format; the admin's policy replaces it when an admin is configured and answers.
    /// </summary>
    public string? PolicyFile { get; set; }

    /// <summary>The admin service the gateway reports to and takes policy from; null runs standalone.</summary>
    public AdminOptions? Admin { get; set; }

    /// <summary>The Bedrock runtime API (<c>/model/{modelId}/...</c>); null leaves it unserved.</summary>
    public Bedrock.BedrockOptions? Bedrock { get; set; }
}
