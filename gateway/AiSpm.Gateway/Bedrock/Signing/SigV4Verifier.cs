using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AiSpm.Gateway.Bedrock.Signing;

/// <summary>
/// Verifies a caller's SigV4 signature against a table of access key id → secret: the caller signed for the gateway's
/// host, so the gateway recomputes the signature with the caller's secret and compares in constant time.
/// </summary>
internal sealed class SigV4Verifier(IReadOnlyDictionary<string, string> secrets, string service, TimeSpan maxClockSkew)
{
    /// <param name="method">The HTTP method.</param>
    /// <param name="wirePath">The path exactly as the caller sent it (percent-encoded), without the query.</param>
    /// <param name="query">The query string, with or without its leading '?'.</param>
    /// <param name="header">The joined value of a request header by lowercase name, or null when absent.</param>
    /// <param name="payloadHash">The hex SHA-256 of the body as received.</param>
    /// <param name="now">The current time, for the clock-skew check.</param>
    /// <param name="accessKeyId">The caller's access key id once the credential could be parsed.</param>
    public SigV4Result Verify(string method, string wirePath, string query, Func<string, string?> header, string payloadHash, DateTimeOffset now, out string? accessKeyId)
    {
        accessKeyId = null;
        var authorization = header("authorization");
        if (string.IsNullOrEmpty(authorization))
        {
            return SigV4Result.MissingAuthorization;
        }

        if (!TryParse(authorization, out var credential, out var signedHeaders, out var signature))
        {
            return SigV4Result.Malformed;
        }

        // AKID/yyyyMMdd/region/service/aws4_request
        var parts = credential.Split('/');
        if (parts.Length != 5 || parts[4] != "aws4_request" || parts[1].Length != 8)
        {
            return SigV4Result.Malformed;
        }

        accessKeyId = parts[0];
        if (!string.Equals(parts[3], service, StringComparison.Ordinal))
        {
            return SigV4Result.WrongService;
        }

        if (!secrets.TryGetValue(parts[0], out var secret))
        {
            return SigV4Result.UnknownAccessKey;
        }

        var timestamp = header(SigV4.DateHeader);
        if (timestamp is null
            || !DateTime.TryParseExact(timestamp, SigV4.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var signedAt)
            || !timestamp.StartsWith(parts[1], StringComparison.Ordinal))
        {
            return SigV4Result.Malformed;
        }

        if ((now.UtcDateTime - signedAt).Duration() > maxClockSkew)
        {
            return SigV4Result.ClockSkew;
        }

        var names = signedHeaders.Split(';');
        if (Array.IndexOf(names, "host") < 0 || Array.IndexOf(names, SigV4.DateHeader) < 0)
        {
            return SigV4Result.Malformed;
        }

        // A signed content hash must be the body's: otherwise the signature would cover a body other than this one.
        var declaredHash = header(SigV4.ContentSha256Header);
        if (declaredHash is not null && !string.Equals(declaredHash, payloadHash, StringComparison.OrdinalIgnoreCase))
        {
            return SigV4Result.PayloadHashMismatch;
        }

        var headers = new List<KeyValuePair<string, string>>(names.Length);
        foreach (var name in names)
        {
            if (name.Length == 0 || !string.Equals(name, name.ToLowerInvariant(), StringComparison.Ordinal) || header(name) is not { } value)
            {
                return SigV4Result.Malformed;
            }

            headers.Add(new(name, value));
        }

        var canonical = SigV4.CanonicalRequest(method, SigV4.CanonicalUri(wirePath), SigV4.CanonicalQuery(query), headers, payloadHash);
        var scope = SigV4.Scope(parts[1], parts[2], parts[3]);
        var expected = SigV4.Signature(secret, parts[1], parts[2], parts[3], SigV4.StringToSign(timestamp, scope, canonical));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature))
            ? SigV4Result.Valid
            : SigV4Result.SignatureMismatch;
    }

    /// <summary>Splits "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=..." into its three values.</summary>
    internal static bool TryParse(string authorization, out string credential, out string signedHeaders, out string signature)
    {
        credential = signedHeaders = signature = string.Empty;
        var value = authorization.AsSpan().Trim();
        if (!value.StartsWith(SigV4.Algorithm + " ", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var range in value[SigV4.Algorithm.Length..].Split(','))
        {
            var item = value[SigV4.Algorithm.Length..][range].Trim();
            var eq = item.IndexOf('=');
            if (eq <= 0)
            {
                return false;
            }

            var key = item[..eq];
            var v = item[(eq + 1)..].ToString();
            if (key.SequenceEqual("Credential"))
            {
                credential = v;
            }
            else if (key.SequenceEqual("SignedHeaders"))
            {
                signedHeaders = v;
            }
            else if (key.SequenceEqual("Signature"))
            {
                signature = v;
            }
        }

        return credential.Length > 0 && signedHeaders.Length > 0 && signature.Length == 64;
    }
}
