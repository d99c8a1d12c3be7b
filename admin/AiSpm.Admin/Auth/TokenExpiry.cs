using System.Globalization;
using System.Security.Claims;

namespace AiSpm.Admin.Auth;

/// <summary>When the credential behind a request stops being valid, for connections that outlive the request's check.</summary>
internal static class TokenExpiry
{
    /// <summary>
    /// The token's "exp" plus the clock skew validation allows (the same instant a new request with it would start
    /// being refused); null for credentials without a lifetime (the gateway's static token, auth off).
    /// </summary>
    public static DateTimeOffset? Of(ClaimsPrincipal user, TimeSpan clockSkew) =>
        user.FindFirst("exp")?.Value is { } exp && long.TryParse(exp, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds) + clockSkew
            : null;
}
