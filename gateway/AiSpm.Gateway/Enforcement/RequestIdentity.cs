using System.Security.Cryptography;
using System.Text;

namespace AiSpm.Gateway.Enforcement;

/// <summary>
/// Who a request is for, from what LiteLLM forwards (x-litellm-* headers) or, without LiteLLM, a fingerprint of the
/// client's key so events can group by key without ever storing it.
/// </summary>
internal sealed record RequestIdentity(string? KeyAlias, string? Team, string? User, string? EndUser, string? CallId)
{
    public static readonly RequestIdentity Anonymous = new(null, null, null, null, null);

    /// <param name="trustHeaders">Whether the x-litellm-* headers are believed (<see cref="IdentityHeaderTrust"/>).</param>
    public static RequestIdentity From(HttpRequest request, bool trustHeaders = true)
    {
        if (!trustHeaders)
        {
            return KeyFingerprint(request) is { } key ? new RequestIdentity(key, null, null, null, null) : Anonymous;
        }

        var headers = request.Headers;
        var keyAlias = First(headers["x-litellm-key-alias"]) ?? First(headers["x-litellm-key-hash"]);
        var team = First(headers["x-litellm-team-alias"]) ?? First(headers["x-litellm-team-id"]);
        var user = First(headers["x-litellm-user-id"]);
        var endUser = First(headers["x-litellm-end-user-id"]);
        var callId = First(headers["x-litellm-call-id"]);
        if (keyAlias is null && KeyFingerprint(request) is { } fingerprint)
        {
            keyAlias = fingerprint;
        }

        return keyAlias is null && team is null && user is null && endUser is null && callId is null
            ? Anonymous
            : new RequestIdentity(keyAlias, team, user, endUser, callId);
    }

    private static string? KeyFingerprint(HttpRequest request)
    {
        var credential = First(request.Headers.Authorization) ?? First(request.Headers["x-api-key"]);
        if (credential is null)
        {
            return null;
        }

        Span<byte> hash = stackalloc byte[32];
        var bytes = Encoding.UTF8.GetBytes(credential);
        SHA256.HashData(bytes, hash);
        return "key-" + Convert.ToHexStringLower(hash[..6]);
    }

    private static string? First(Microsoft.Extensions.Primitives.StringValues values) =>
        values.Count > 0 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
}
