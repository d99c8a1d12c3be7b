using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace AiSpm.Admin.Auth;

/// <summary>
/// Two simple schemes: "gateway" accepts exactly the configured gateway bearer token (compared in constant time),
/// and "off" (auth disabled by configuration) lets everyone in as an admin named "anonymous".
/// </summary>
internal sealed class StaticPrincipalHandler(
    IOptionsMonitor<StaticPrincipalOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder) : AuthenticationHandler<StaticPrincipalOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Options.Token is { } expected)
        {
            if (!TryGetBearer(Request, out var presented))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var a = Encoding.UTF8.GetBytes(presented);
            var b = Encoding.UTF8.GetBytes(expected);
            if (!CryptographicOperations.FixedTimeEquals(a, b))
            {
                return Task.FromResult(AuthenticateResult.Fail("invalid gateway token"));
            }
        }

        var identity = new ClaimsIdentity(Scheme.Name, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, Options.Name));
        foreach (var role in Options.Roles)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, role));
        }

        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    public static bool TryGetBearer(HttpRequest request, out string token)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 7)
        {
            token = header[7..].Trim();
            return token.Length > 0;
        }

        token = "";
        return false;
    }
}
