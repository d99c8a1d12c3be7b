using System.IO.Compression;
using System.Net;
using AiSpm.Gateway.FunctionalTests.Infrastructure;

namespace AiSpm.Gateway.FunctionalTests.Enforcement;

/// <summary>
/// SDKs ask for gzip (httpx, undici) and providers behind a CDN compress. A response the gateway scans must reach the
/// detectors as text, never as compressed bytes that pass every rule.
/// </summary>
[Collection(EnforcingCollection.Name)]
public sealed class CompressedResponseTests(EnforcingGateway env)
{
    private const string Key = "AKIA4HG7QZK2MX9PLW3R";
    private const string Content = "Sure, the deploy key id is " + Key + " as requested, rotate it after use.";

    [Fact]
    public async Task ABufferedResponseIsScannedWhenTheClientAcceptsGzip()
    {
        var (response, body) = await SendAsync(stream: false, ("x-mock-compress", "gzip"), ("x-mock-content", Content));

        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.DoesNotContain(Key, body, StringComparison.Ordinal);
        Assert.Contains("[REDACTED:secret]", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStreamIsScannedWhenTheClientAcceptsGzip()
    {
        var (response, body) = await SendAsync(stream: true, ("x-mock-compress", "gzip"), ("x-mock-chunk-bytes", "3"), ("x-mock-content", Content));

        // Cut for the key, which only a scan of the events' text finds.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"code\":\"SEC-AWS-AKID\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("AKIA", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUpstreamThatCompressesAnywayIsAnInspectionFailure()
    {
        var (response, body) = await SendAsync(stream: false, ("x-mock-compress", "always"), ("x-mock-content", Content));

        ErrorAssert.OpenAiError(response, body, HttpStatusCode.ServiceUnavailable, "inspection_failed");
        Assert.DoesNotContain(Key, body, StringComparison.Ordinal);
    }

    // The body as the client reads it: decompressed when the gateway passed a compressed one on.
    private async Task<(HttpResponseMessage Response, string Body)> SendAsync(bool stream, params (string Name, string Value)[] headers)
    {
        using var client = Http.Client();
        using var request = Http.Post(env.GatewayUrl + "/v1/chat/completions", EnforceModeTests.Chat("What is the deploy key?", stream),
            [("accept-encoding", "gzip"), .. headers]);
        var response = await client.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (response.Content.Headers.ContentEncoding.Contains("gzip"))
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            await gzip.CopyToAsync(plain);
            bytes = plain.ToArray();
        }

        return (response, System.Text.Encoding.UTF8.GetString(bytes));
    }
}
