using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AiSpm.Admin.Auth;

/// <summary>
/// Wires authentication and authorization: OIDC bearer tokens (or a locally generated key in local mode), the
/// gateway's static token, and "off" only when configured so. OIDC tokens must be for this service (audience or
/// client id), be access tokens, and be signed with a pinned algorithm; their groups become roles only through
/// <c>auth:groupRoles</c>. An endpoint that names no policy is denied (the fallback policy).
/// </summary>
internal static class AuthSetup
{
    public const string SelectorScheme = "aispm";
    public const string GatewayScheme = "gateway";
    public const string OffScheme = "off";
    public const string LocalIssuer = "aispm-local";
    public const string LocalAudience = "aispm-admin";
    /// <summary>The claim of a locally minted token that carries its roles (local mode trusts only its own key).</summary>
    public const string LocalRolesClaim = "aispm_roles";

    /// <summary>Registers auth; in local mode returns an admin token signed with the key generated here.</summary>
    public static string? AddAdminAuth(this IServiceCollection services, AuthSettings s, TimeProvider time)
    {
        string? localToken = null;
        var gatewayToken = string.IsNullOrEmpty(s.GatewayToken) ? null : s.GatewayToken;
        var auth = services.AddAuthentication(SelectorScheme);
        auth.AddPolicyScheme(SelectorScheme, "AiSpm", o => o.ForwardDefaultSelector = ctx =>
        {
            if (s.Mode == AuthSettings.Off)
            {
                return OffScheme;
            }

            return gatewayToken is not null && StaticPrincipalHandler.TryGetBearer(ctx.Request, out var t)
                && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(t), Encoding.UTF8.GetBytes(gatewayToken))
                ? GatewayScheme
                : JwtBearerDefaults.AuthenticationScheme;
        });

        if (gatewayToken is not null)
        {
            auth.AddScheme<StaticPrincipalOptions, StaticPrincipalHandler>(GatewayScheme, o =>
            {
                o.Token = gatewayToken;
                o.Name = "gateway";
                o.Roles = [Roles.Gateway];
            });
        }

        if (s.Mode == AuthSettings.Off)
        {
            auth.AddScheme<StaticPrincipalOptions, StaticPrincipalHandler>(OffScheme, o =>
            {
                o.Token = null;
                o.Name = "anonymous";
                o.Roles = [Roles.Admin, Roles.Analyst, Roles.Viewer, Roles.Gateway];
            });
        }
        else
        {
            SecurityKey? localKey = null;
            if (s.Mode == AuthSettings.Local)
            {
                localKey = new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "aispm-local-" + Guid.NewGuid().ToString("N")[..8] };
                localToken = MintLocalToken(localKey, s, time);
            }

            auth.AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.RequireHttpsMetadata = s.RequireHttpsMetadata;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidateIssuer = true,
                    ValidateAudience = s.Audience is not null || localKey is not null,
                    ValidAudience = localKey is not null ? LocalAudience : s.Audience,
                    ValidateLifetime = true,
                    RequireExpirationTime = true,
                    RequireSignedTokens = true,
                    ValidAlgorithms = localKey is not null ? [SecurityAlgorithms.EcdsaSha256] : s.SigningAlgorithms,
                    ClockSkew = s.ClockSkew,
                    NameClaimType = "sub",
                    RoleClaimType = ClaimTypes.Role,
                };
                if (localKey is not null)
                {
                    o.TokenValidationParameters.ValidIssuer = LocalIssuer;
                    o.TokenValidationParameters.IssuerSigningKey = localKey;
                }
                else
                {
                    o.Authority = s.Authority;
                    o.TokenValidationParameters.ValidIssuer = s.Authority!.TrimEnd('/');
                    o.TokenValidationParameters.ValidIssuers = [s.Authority.TrimEnd('/'), s.Authority.TrimEnd('/') + "/"];
                }

                o.Events = new JwtBearerEvents { OnTokenValidated = ctx => localKey is not null ? AddLocalRoles(ctx) : CheckAndAddRoles(ctx, s) };
            });
        }

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAssertion(IsRoutingRefusal).Build())
            .AddPolicy(Roles.CanRead, p => p.RequireRole(Roles.Viewer))
            .AddPolicy(Roles.CanWrite, p => p.RequireRole(Roles.Analyst))
            .AddPolicy(Roles.CanAdminister, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Roles.CanIngest, p => p.RequireRole(Roles.Gateway, Roles.Admin))
            .AddPolicy(Roles.CanReadPolicy, p => p.RequireRole(Roles.Gateway, Roles.Viewer));
        return localToken;
    }

    /// <summary>
    /// The fallback policy: every mapped route that names no policy is denied. Only routing's own refusals get
    /// through (the 405 and 415 endpoints routing substitutes when a method or media type does not match are not
    /// route endpoints), so a wrong Content-Type still answers 415 rather than 403.
    /// </summary>
    private static bool IsRoutingRefusal(AuthorizationHandlerContext context) =>
        context.Resource is HttpContext http && http.GetEndpoint() is { } endpoint && endpoint is not RouteEndpoint;

    /// <summary>Who did something, for audit fields: the most readable identifier the token carries.</summary>
    public static string WhoOf(ClaimsPrincipal user)
    {
        foreach (var type in (ReadOnlySpan<string>)["username", "cognito:username", "preferred_username", "email", "client_id", "sub", ClaimTypes.Name])
        {
            if (user.FindFirst(type)?.Value is { Length: > 0 } v)
            {
                return v;
            }
        }

        return "unknown";
    }

    private static Task CheckAndAddRoles(TokenValidatedContext ctx, AuthSettings s)
    {
        if (ctx.Principal?.Identity is not ClaimsIdentity identity)
        {
            ctx.Fail("the token has no identity");
            return Task.CompletedTask;
        }

        if (identity.FindFirst("token_use")?.Value is { } use && !string.Equals(use, s.TokenUse, StringComparison.Ordinal))
        {
            ctx.Fail("token_use is '" + use + "'; only '" + s.TokenUse + "' tokens are accepted");
            return Task.CompletedTask;
        }

        if (s.ClientIds.Length > 0 && !IsForClient(identity, s.ClientIds))
        {
            ctx.Fail("the token was not issued to an accepted client (client_id or aud)");
            return Task.CompletedTask;
        }

        var roles = new HashSet<string>(StringComparer.Ordinal);
        foreach (var claim in identity.FindAll(s.RolesClaim))
        {
            // One claim value is one group name, whatever it contains: "staff admin" is not the group "admin".
            if (s.GroupRoles.TryGetValue(claim.Value, out var role))
            {
                roles.UnionWith(Roles.Expand(role));
            }
        }

        AddRoleClaims(identity, roles);
        return Task.CompletedTask;
    }

    private static bool IsForClient(ClaimsIdentity identity, string[] clientIds)
    {
        foreach (var type in (ReadOnlySpan<string>)["client_id", "aud"])
        {
            foreach (var claim in identity.FindAll(type))
            {
                if (Array.IndexOf(clientIds, claim.Value) >= 0)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static Task AddLocalRoles(TokenValidatedContext ctx)
    {
        if (ctx.Principal?.Identity is ClaimsIdentity identity)
        {
            var roles = new HashSet<string>(StringComparer.Ordinal);
            foreach (var claim in identity.FindAll(LocalRolesClaim))
            {
                roles.UnionWith(Roles.Expand(claim.Value));
            }

            AddRoleClaims(identity, roles);
        }

        return Task.CompletedTask;
    }

    private static void AddRoleClaims(ClaimsIdentity identity, HashSet<string> roles)
    {
        foreach (var r in roles)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, r));
        }
    }

    private static string MintLocalToken(SecurityKey key, AuthSettings s, TimeProvider time)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = LocalIssuer,
            Audience = LocalAudience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + s.LocalTokenLifetime,
            Claims = new Dictionary<string, object>
            {
                ["sub"] = "local-admin",
                ["username"] = "local-admin",
                [LocalRolesClaim] = new[] { Roles.Admin },
            },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.EcdsaSha256),
        });
    }
}
