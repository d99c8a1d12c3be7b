using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;

namespace AiSpm.Gateway.FunctionalTests.Bedrock;

/// <summary>
/// SigV4 on the test side, with the AWS SDK for .NET's own signer (AWSSDK.Core's AWS4Signer) computing the key
/// derivation and signature; the canonical request is built here, independently of the gateway's code.
/// </summary>
internal static class AwsSigning
{
    public const string Region = "us-east-1";
    public const string Service = "bedrock";

    /// <summary>Signs a request to <paramref name="uri"/>: sets x-amz-date and Authorization on <paramref name="request"/>.</summary>
    public static void Sign(HttpRequestMessage request, byte[] body, string accessKeyId, string secret, DateTime? at = null)
    {
        var now = at ?? DateTime.UtcNow;
        var timestamp = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        request.Headers.Remove("x-amz-date");
        request.Headers.TryAddWithoutValidation("x-amz-date", timestamp);
        var uri = request.RequestUri!;
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = uri.Authority,
            ["x-amz-date"] = timestamp,
        };
        var canonical = CanonicalRequest(request.Method.Method, uri.AbsolutePath, headers, Hex(SHA256.HashData(body)));
        var result = AWS4Signer.ComputeSignature(new ImmutableCredentials(accessKeyId, secret, null), Region, now, Service, "host;x-amz-date", canonical);
        request.Headers.TryAddWithoutValidation("Authorization", result.ForAuthorizationHeader);
    }

    /// <summary>
    /// Checks a received request's signature against <paramref name="secret"/>: the signed headers named in its
    /// Authorization, read from <paramref name="header"/>. Returns the access key id when it verifies, else null.
    /// </summary>
    public static string? Verify(string method, string wirePath, Func<string, string?> header, byte[] body, string accessKeyId, string secret)
    {
        var authorization = header("authorization");
        if (authorization is null || !authorization.StartsWith("AWS4-HMAC-SHA256 ", StringComparison.Ordinal))
        {
            return null;
        }

        var fields = authorization["AWS4-HMAC-SHA256 ".Length..].Split(',', StringSplitOptions.TrimEntries)
            .Select(f => f.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        var scope = fields["Credential"].Split('/');
        if (scope[0] != accessKeyId)
        {
            return null;
        }

        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in fields["SignedHeaders"].Split(';'))
        {
            headers[name] = header(name) ?? string.Empty;
        }

        var timestamp = header("x-amz-date")!;
        var signedAt = DateTime.ParseExact(timestamp, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        var canonical = CanonicalRequest(method, wirePath, headers, Hex(SHA256.HashData(body)));
        var expected = AWS4Signer.ComputeSignature(new ImmutableCredentials(accessKeyId, secret, null), scope[2], signedAt, scope[3], fields["SignedHeaders"], canonical);
        return expected.Signature == fields["Signature"] ? accessKeyId : null;
    }

    private static string CanonicalRequest(string method, string wirePath, SortedDictionary<string, string> headers, string payloadHash)
    {
        var sb = new StringBuilder();
        sb.Append(method).Append('\n').Append(EncodeAgain(wirePath)).Append("\n\n");
        foreach (var (name, value) in headers)
        {
            sb.Append(name).Append(':').Append(value.Trim()).Append('\n');
        }

        sb.Append('\n').Append(string.Join(';', headers.Keys)).Append('\n').Append(payloadHash);
        return sb.ToString();
    }

    // Bedrock, like every service but S3, signs the already-encoded path encoded once more.
    private static string EncodeAgain(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
