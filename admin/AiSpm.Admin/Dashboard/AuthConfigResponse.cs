namespace AiSpm.Admin.Dashboard;

/// <summary>
/// How the dashboard signs in, for a browser that holds no token yet: <c>mode</c> (oidc, local or off) and, under
/// OIDC, the issuer to discover, the public client to sign in as (authorization code with PKCE) and the scopes to ask
/// for. Nothing here is secret: an SPA client has no secret.
/// </summary>
internal sealed record AuthConfigResponse(string Mode, string? Issuer, string? ClientId, string? Scope);
