using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AiSpm.Admin.Auth;

/// <summary>
/// Wires authentication and authorization: OIDC bearer tokens (or a locally generated key in local mode), the
/// gateway's static token, and "off" only when configured so. Groups from the configured claim become roles.
/// </summary>
internal static class AuthSetup
{
    public const string SelectorScheme = "aispm";
    public const string GatewayScheme = "gateway";
    public const string OffScheme = "off";
    public const string LocalIssuer = "aispm-local";
    public const string LocalAudience = "aispm-admin";

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

                o.Events = new JwtBearerEvents { OnTokenValidated = ctx => AddRoles(ctx, s) };
            });
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.CanRead, p => p.RequireRole(Roles.Viewer))
            .AddPolicy(Roles.CanWrite, p => p.RequireRole(Roles.Analyst))
            .AddPolicy(Roles.CanAdminister, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Roles.CanIngest, p => p.RequireRole(Roles.Gateway, Roles.Admin))
            .AddPolicy(Roles.CanReadPolicy, p => p.RequireRole(Roles.Gateway, Roles.Viewer));
        return localToken;
    }

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

    private static Task AddRoles(TokenValidatedContext ctx, AuthSettings s)
    {
        if (ctx.Principal?.Identity is not ClaimsIdentity identity)
        {
            return Task.CompletedTask;
        }

        var roles = new HashSet<string>(StringComparer.Ordinal);
        foreach (var claim in identity.FindAll(s.RolesClaim))
        {
            foreach (var group in claim.Value.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var role = s.GroupRoles.TryGetValue(group, out var mapped) ? mapped : group;
                foreach (var r in Roles.Expand(role))
                {
                    roles.Add(r);
                }
            }
        }

        foreach (var r in roles)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, r));
        }

        return Task.CompletedTask;
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
                [s.RolesClaim] = new[] { Roles.Admin },
            },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.EcdsaSha256),
        });
    }
}
