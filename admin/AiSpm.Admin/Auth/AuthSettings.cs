namespace AiSpm.Admin.Auth;

/// <summary>Authentication settings (section "auth").</summary>
internal sealed record AuthSettings
{
    public const string Oidc = "oidc";
    public const string Local = "local";
    public const string Off = "off";

    /// <summary>The only algorithms accepted on OIDC tokens unless <c>auth:signingAlgorithms</c> says otherwise.</summary>
    public static readonly string[] DefaultSigningAlgorithms = ["RS256"];

    /// <summary>Asymmetric JWS algorithms; a shared-secret (HS*) or unsigned ("none") token is never accepted.</summary>
    public static readonly string[] AllowedSigningAlgorithms = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"];

    /// <summary>
    /// oidc (an external issuer such as Cognito), local (a key generated at start; prints a token), off. Unset means
    /// local on a loopback listener; on any other listener start-up fails until a mode is chosen.
    /// </summary>
    public string Mode { get; init; } = Local;
    /// <summary>OIDC issuer URL; its discovery document and JWKS are fetched from here.</summary>
    public string? Authority { get; init; }
    /// <summary>Expected "aud". OIDC mode needs this or <see cref="ClientIds"/> (or both, and then both must hold).</summary>
    public string? Audience { get; init; }
    /// <summary>Accepted app clients: the token's "client_id" (Cognito access tokens) or its "aud" must be one of them.</summary>
    public string[] ClientIds { get; init; } = [];
    /// <summary>When a token has a "token_use" claim (Cognito), it must equal this: ID tokens are not API credentials.</summary>
    public string TokenUse { get; init; } = "access";
    /// <summary>The JWS algorithms accepted on OIDC tokens (pinned: a key of another type or alg is refused).</summary>
    public string[] SigningAlgorithms { get; init; } = DefaultSigningAlgorithms;
    /// <summary>The claim holding group names (an array, or one string that is one group name).</summary>
    public string RolesClaim { get; init; } = "cognito:groups";
    /// <summary>Group name to role. The only way a group becomes a role: a group named "admin" without an entry is no admin.</summary>
    public IReadOnlyDictionary<string, string> GroupRoles { get; init; } = new Dictionary<string, string>();
    /// <summary>The static bearer token gateways use for ingest and policy reads; null disables it.</summary>
    public string? GatewayToken { get; init; }
    public bool RequireHttpsMetadata { get; init; } = true;
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(1);
    public TimeSpan LocalTokenLifetime { get; init; } = TimeSpan.FromHours(1);
    /// <summary>
    /// The public app client (no secret) the dashboard signs in with, by authorization code and PKCE; the first of
    /// <see cref="ClientIds"/> when unset. Null: the dashboard cannot sign in under OIDC (the API still works).
    /// </summary>
    public string? DashboardClientId { get; init; }
    /// <summary>The scopes the dashboard asks for (space-separated); "openid" plus whatever the issuer needs to mint an
    /// access token for this service (a Cognito resource server's scope, say).</summary>
    public string DashboardScope { get; init; } = "openid";
}
