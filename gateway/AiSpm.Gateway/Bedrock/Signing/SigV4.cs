using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AiSpm.Gateway.Bedrock.Signing;

/// <summary>
/// AWS Signature Version 4, for both halves the gateway needs: verifying a caller's signature and signing its own
/// requests. AWSSDK.Core 4.1.0 is trim- and AOT-clean (the gateway publishes native AOT with warnings as errors while
/// taking its credentials from AWSSDK.Core's chain), but its signer signs only requests of its own pipeline and
/// verifies nothing, so the canonical form lives here, once, for both halves. Checked against AWS's published SigV4
/// test-suite vectors and against AWSSDK.Core's AWS4Signer in the tests.
/// </summary>
internal static class SigV4
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string DateHeader = "x-amz-date";
    public const string TokenHeader = "x-amz-security-token";
    public const string ContentSha256Header = "x-amz-content-sha256";
    public const string DateFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>The hex SHA-256 of an empty payload.</summary>
    public const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static string PayloadHash(ReadOnlySpan<byte> payload)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(payload, hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>
    /// The canonical URI: <paramref name="path"/> encoded once more. Every AWS service but S3 signs its path encoded
    /// twice, so a Bedrock request passes the path as it went over the wire (already percent-encoded once); the
    /// test-suite vectors pass the unencoded path.
    /// </summary>
    public static string CanonicalUri(string path) => string.IsNullOrEmpty(path) ? "/" : UriEncode(path, keepSlash: true);

    /// <summary>The canonical query string: parameters sorted by encoded name, then value, each RFC 3986 encoded.</summary>
    public static string CanonicalQuery(string query)
    {
        var q = query.StartsWith('?') ? query[1..] : query;
        if (q.Length == 0)
        {
            return string.Empty;
        }

        var pairs = new List<(string Name, string Value)>();
        foreach (var part in q.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? string.Empty : part[(eq + 1)..];
            pairs.Add((UriEncode(Uri.UnescapeDataString(name), keepSlash: false), UriEncode(Uri.UnescapeDataString(value), keepSlash: false)));
        }

        pairs.Sort(static (a, b) =>
        {
            var c = string.CompareOrdinal(a.Name, b.Name);
            return c != 0 ? c : string.CompareOrdinal(a.Value, b.Value);
        });
        var sb = new StringBuilder();
        foreach (var (name, value) in pairs)
        {
            if (sb.Length > 0)
            {
                sb.Append('&');
            }

            sb.Append(name).Append('=').Append(value);
        }

        return sb.ToString();
    }

    /// <summary>
    /// The canonical request. <paramref name="headers"/> holds the signed headers with lowercase names, sorted by
    /// name, each value already joined (comma-separated) when a header repeats.
    /// </summary>
    public static string CanonicalRequest(string method, string canonicalUri, string canonicalQuery, IReadOnlyList<KeyValuePair<string, string>> headers, string payloadHash)
    {
        var sb = new StringBuilder(256);
        sb.Append(method).Append('\n').Append(canonicalUri).Append('\n').Append(canonicalQuery).Append('\n');
        foreach (var (name, value) in headers)
        {
            sb.Append(name).Append(':').Append(TrimAll(value)).Append('\n');
        }

        sb.Append('\n').Append(SignedHeaders(headers)).Append('\n').Append(payloadHash);
        return sb.ToString();
    }

    public static string SignedHeaders(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        var sb = new StringBuilder(64);
        foreach (var (name, _) in headers)
        {
            if (sb.Length > 0)
            {
                sb.Append(';');
            }

            sb.Append(name);
        }

        return sb.ToString();
    }

    public static string Scope(string date, string region, string service) => date + "/" + region + "/" + service + "/aws4_request";

    public static string StringToSign(string timestamp, string scope, string canonicalRequest) =>
        Algorithm + "\n" + timestamp + "\n" + scope + "\n" + PayloadHash(Encoding.UTF8.GetBytes(canonicalRequest));

    /// <summary>HMAC chain: kSecret → date → region → service → "aws4_request", then the hex HMAC of the string to sign.</summary>
    public static string Signature(string secretAccessKey, string date, string region, string service, string stringToSign)
    {
        Span<byte> key = stackalloc byte[32];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), Encoding.UTF8.GetBytes(date), key);
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region), key);
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service), key);
        HMACSHA256.HashData(key, "aws4_request"u8, key);
        Span<byte> signature = stackalloc byte[32];
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign), signature);
        return Convert.ToHexStringLower(signature);
    }

    public static string AuthorizationHeader(string accessKeyId, string scope, string signedHeaders, string signature) =>
        Algorithm + " Credential=" + accessKeyId + "/" + scope + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature;

    /// <summary>RFC 3986 encoding: unreserved characters as they are, everything else as %XX of its UTF-8 bytes.</summary>
    public static string UriEncode(string value, bool keepSlash)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        var sb = new StringBuilder(bytes.Length + 16);
        foreach (var b in bytes)
        {
            if (b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
                or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~' || (keepSlash && b == (byte)'/'))
            {
                sb.Append((char)b);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    /// <summary>Trims a header value and folds runs of spaces into one, as the canonical form requires.</summary>
    private static string TrimAll(string value)
    {
        var v = value.AsSpan().Trim();
        if (!v.Contains("  ", StringComparison.Ordinal))
        {
            return v.Length == value.Length ? value : v.ToString();
        }

        var sb = new StringBuilder(v.Length);
        var lastSpace = false;
        foreach (var c in v)
        {
            if (c == ' ' && lastSpace)
            {
                continue;
            }

            lastSpace = c == ' ';
            sb.Append(c);
        }

        return sb.ToString();
    }
}
