using System.Text;
using AiSpm.Gateway.Bedrock.Signing;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;

namespace AiSpm.Gateway.Tests.Bedrock;

public sealed class SigV4Tests
{
    // AWS's published SigV4 test suite: credentials, time, region and service of every vector.
    private const string SuiteKeyId = "AKIDEXAMPLE";
    private const string SuiteSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string SuiteTime = "20150830T123600Z";

    [Theory]
    [InlineData("GET", "", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")] // get-vanilla
    [InlineData("GET", "?Param2=value2&Param1=value1", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")] // get-vanilla-query-order-key-case
    [InlineData("POST", "", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")] // post-vanilla
    public void TheTestSuiteVectorsGiveThePublishedSignatures(string method, string query, string expected)
    {
        var headers = new List<KeyValuePair<string, string>> { new("host", "example.amazonaws.com"), new("x-amz-date", SuiteTime) };

        Assert.Equal(expected, SuiteSignature(method, query, headers, ""));
    }

    [Fact]
    public void TheFormBodyVectorGivesThePublishedSignature()
    {
        // post-x-www-form-urlencoded: the body's hash and the content-type header are signed.
        var headers = new List<KeyValuePair<string, string>>
        {
            new("content-type", "application/x-www-form-urlencoded"),
            new("host", "example.amazonaws.com"),
            new("x-amz-date", SuiteTime),
        };

        Assert.Equal("ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a", SuiteSignature("POST", "", headers, "Param1=value1"));
    }

    [Fact]
    public void SigningAgreesWithTheAwsSdkSigner()
    {
        var headers = new List<KeyValuePair<string, string>> { new("host", "bedrock-runtime.us-west-2.amazonaws.com"), new("x-amz-date", "20260101T000000Z") };
        var payloadHash = SigV4.PayloadHash("{\"messages\":[]}"u8);
        var canonical = SigV4.CanonicalRequest("POST", SigV4.CanonicalUri("/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse"), "", headers, payloadHash);

        var sdk = AWS4Signer.ComputeSignature(new ImmutableCredentials(SuiteKeyId, SuiteSecret, null), "us-west-2", new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), "bedrock", "host;x-amz-date", canonical);
        var ours = SigV4.Signature(SuiteSecret, "20260101", "us-west-2", "bedrock", SigV4.StringToSign("20260101T000000Z", SigV4.Scope("20260101", "us-west-2", "bedrock"), canonical));

        Assert.Equal(sdk.Signature, ours);
    }

    [Fact]
    public void TheCanonicalUriEncodesTheWirePathOnceMore()
    {
        // Every service but S3 signs the path encoded twice: ':' goes on the wire as %3A and is signed as %253A.
        Assert.Equal("/model/anthropic.claude-v2%253A1/converse", SigV4.CanonicalUri("/model/anthropic.claude-v2%3A1/converse"));
    }

    [Fact]
    public void ARequestSignedByTheGatewayVerifies()
    {
        var body = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}]}"u8.ToArray();
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:8123/model/amazon.nova-lite-v1%3A0/converse");
        var now = DateTimeOffset.UtcNow;
        SigV4Signer.Sign(request, body, new AwsCredentials("AKIDCALLER", "caller-secret"), "us-east-1", "bedrock", now);
        var verifier = new SigV4Verifier(new Dictionary<string, string> { ["AKIDCALLER"] = "caller-secret" }, "bedrock", TimeSpan.FromMinutes(5));

        var result = verifier.Verify("POST", request.RequestUri!.AbsolutePath, "", name => Header(request, name), SigV4.PayloadHash(body), now, out var keyId);

        Assert.Equal(SigV4Result.Valid, result);
        Assert.Equal("AKIDCALLER", keyId);
    }

    [Fact]
    public void TheVerifierRefusesAChangedBodyAWrongSecretAnUnknownKeyAndAnOldSignature()
    {
        var body = "{\"messages\":[]}"u8.ToArray();
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:8123/model/m/converse");
        var now = DateTimeOffset.UtcNow;
        SigV4Signer.Sign(request, body, new AwsCredentials("AKIDCALLER", "caller-secret"), "us-east-1", "bedrock", now);
        var path = request.RequestUri!.AbsolutePath;

        // The declared x-amz-content-sha256 no longer matches the body.
        Assert.Equal(SigV4Result.PayloadHashMismatch, Verifier("caller-secret").Verify("POST", path, "", n => Header(request, n), SigV4.PayloadHash("{}"u8), now, out _));
        Assert.Equal(SigV4Result.SignatureMismatch, Verifier("other-secret").Verify("POST", path, "", n => Header(request, n), SigV4.PayloadHash(body), now, out _));
        Assert.Equal(SigV4Result.SignatureMismatch, Verifier("caller-secret").Verify("POST", "/model/other/converse", "", n => Header(request, n), SigV4.PayloadHash(body), now, out _));
        Assert.Equal(SigV4Result.ClockSkew, Verifier("caller-secret").Verify("POST", path, "", n => Header(request, n), SigV4.PayloadHash(body), now.AddMinutes(6), out _));
        var unknown = new SigV4Verifier(new Dictionary<string, string> { ["AKIDOTHER"] = "x" }, "bedrock", TimeSpan.FromMinutes(5));
        Assert.Equal(SigV4Result.UnknownAccessKey, unknown.Verify("POST", path, "", n => Header(request, n), SigV4.PayloadHash(body), now, out _));
        Assert.Equal(SigV4Result.MissingAuthorization, Verifier("caller-secret").Verify("POST", path, "", _ => null, SigV4.PayloadHash(body), now, out _));
    }

    [Fact]
    public void CallerKeysParseAndRefuseMalformedEntries()
    {
        var keys = CallerKeys.Parse("AKID1:secret/one, AKID2:two", out var error);
        Assert.Null(error);
        Assert.Equal("secret/one", keys!["AKID1"]);
        Assert.Equal("two", keys["AKID2"]);
        Assert.Null(CallerKeys.Parse("AKID1secret", out error));
        Assert.NotNull(error);
        Assert.DoesNotContain("secret", error, StringComparison.Ordinal);
        Assert.Null(CallerKeys.Parse("", out _));
    }

    private static SigV4Verifier Verifier(string secret) =>
        new(new Dictionary<string, string> { ["AKIDCALLER"] = secret }, "bedrock", TimeSpan.FromMinutes(5));

    private static string SuiteSignature(string method, string query, List<KeyValuePair<string, string>> headers, string body)
    {
        var canonical = SigV4.CanonicalRequest(method, SigV4.CanonicalUri("/"), SigV4.CanonicalQuery(query), headers, SigV4.PayloadHash(Encoding.UTF8.GetBytes(body)));
        var scope = SigV4.Scope("20150830", "us-east-1", "service");
        var signature = SigV4.Signature(SuiteSecret, "20150830", "us-east-1", "service", SigV4.StringToSign(SuiteTime, scope, canonical));
        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=" + SigV4.SignedHeaders(headers) + ", Signature=" + signature,
            SigV4.AuthorizationHeader(SuiteKeyId, scope, SigV4.SignedHeaders(headers), signature));
        return signature;
    }

    private static string? Header(HttpRequestMessage request, string name)
    {
        if (name == "host")
        {
            return request.RequestUri!.Authority;
        }

        return request.Headers.TryGetValues(name, out var values) ? string.Join(',', values) : null;
    }
}
