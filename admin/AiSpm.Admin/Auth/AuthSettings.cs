namespace AiSpm.Admin.Auth;

/// <summary>Authentication settings (section "auth").</summary>
internal sealed record AuthSettings
{
    public const string Oidc = "oidc";
    public const string Local = "local";
    public const string Off = "off";

    /// <summary>oidc (an external issuer such as Cognito), local (a key generated at start; prints a token), off.</summary>
    public string Mode { get; init; } = Local;
    /// <summary>OIDC issuer URL; its discovery document and JWKS are fetched from here.</summary>
    public string? Authority { get; init; }
    /// <summary>Expected "aud"; null skips the audience check (Cognito access tokens carry client_id, not aud).</summary>
    public string? Audience { get; init; }
    /// <summary>The claim holding group names (an array or one string).</summary>
    public string RolesClaim { get; init; } = "cognito:groups";
    /// <summary>Group name to role; a group named like a role maps to it without an entry.</summary>
    public IReadOnlyDictionary<string, string> GroupRoles { get; init; } = new Dictionary<string, string>();
    /// <summary>The static bearer token gateways use for ingest and policy reads; null disables it.</summary>
    public string? GatewayToken { get; init; }
    public bool RequireHttpsMetadata { get; init; } = true;
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(1);
    public TimeSpan LocalTokenLifetime { get; init; } = TimeSpan.FromHours(12);
}
