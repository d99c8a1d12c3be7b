using System.Net.Http.Headers;

namespace AiSpm.Gateway.Bedrock.Signing;

/// <summary>Signs a request the gateway sends to AWS with the gateway's own credentials.</summary>
internal static class SigV4Signer
{
    /// <summary>
    /// Adds <c>x-amz-date</c>, <c>x-amz-content-sha256</c>, <c>x-amz-security-token</c> (temporary credentials) and
    /// <c>Authorization</c> to <paramref name="request"/>; signs host and those headers. Any Authorization already on
    /// the request is replaced.
    /// </summary>
    public static void Sign(HttpRequestMessage request, ReadOnlySpan<byte> body, AwsCredentials credentials, string region, string service, DateTimeOffset now)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI.");
        var timestamp = SigV4.Timestamp(now);
        var payloadHash = SigV4.PayloadHash(body);
        var headers = new List<KeyValuePair<string, string>>(4)
        {
            new("host", uri.IsDefaultPort ? uri.IdnHost : uri.IdnHost + ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(SigV4.ContentSha256Header, payloadHash),
            new(SigV4.DateHeader, timestamp),
        };
        if (!string.IsNullOrEmpty(credentials.SessionToken))
        {
            headers.Add(new(SigV4.TokenHeader, credentials.SessionToken));
        }

        var canonical = SigV4.CanonicalRequest(request.Method.Method, SigV4.CanonicalUri(uri.AbsolutePath), SigV4.CanonicalQuery(uri.Query), headers, payloadHash);
        var date = timestamp[..8];
        var scope = SigV4.Scope(date, region, service);
        var signature = SigV4.Signature(credentials.SecretAccessKey, date, region, service, SigV4.StringToSign(timestamp, scope, canonical));
        var h = request.Headers;
        h.Remove("Authorization");
        h.Remove(SigV4.DateHeader);
        h.Remove(SigV4.ContentSha256Header);
        h.Remove(SigV4.TokenHeader);
        h.TryAddWithoutValidation(SigV4.DateHeader, timestamp);
        h.TryAddWithoutValidation(SigV4.ContentSha256Header, payloadHash);
        if (!string.IsNullOrEmpty(credentials.SessionToken))
        {
            h.TryAddWithoutValidation(SigV4.TokenHeader, credentials.SessionToken);
        }

        h.Authorization = new AuthenticationHeaderValue(SigV4.Algorithm, "Credential=" + credentials.AccessKeyId + "/" + scope + ", SignedHeaders=" + SigV4.SignedHeaders(headers) + ", Signature=" + signature);
    }
}
