using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AiSpm.Gateway.FunctionalTests.Infrastructure;

namespace AiSpm.Gateway.FunctionalTests;

/// <summary>What reaches the upstream: the exact body bytes, the headers that should travel, and none of the hop-by-hop ones.</summary>
[Collection(StandardCollection.Name)]
public sealed partial class ForwardingTests(StandardGateway env)
{
    // Valid JSON that any re-serializer would change: odd whitespace, escapes for plain characters, a surrogate pair,
    // an escaped slash, an exponent, duplicate-looking key order (model last).
    private const string OddChat = "{ \"messages\" :\t[ {\"role\":\"user\" , \"content\":\"h\\u00e9llo \\ud83d\\ude00 \\\"q\\\" \\/ caf\u00e9\"} ]\r\n,\n  \"temperature\" : 1.0e0 ,\"model\"   :   \"gpt-4o\"   }  ";

    public static TheoryData<string, string> OddBodies => new()
    {
        { "/v1/chat/completions", OddChat },
        { "/v1/completions", "{\"prompt\" : \"\\u0053ay\",   \"model\":\"gpt-3.5-turbo-instruct\",\"max_tokens\":5 }" },
        { "/v1/responses", "{\n\"input\": [{\"role\":\"user\",\"content\":\"\\u0048i\"}],\n\"model\": \"gpt-4o\"\n}" },
        { "/v1/embeddings", "{ \"input\" : [\"a\" ,\"\\u0062\"], \"model\" : \"text-embedding-3-small\" }" },
        { "/v1/messages", "{\"max_tokens\":16,\"messages\":[{\"content\":\"\\u0048i\",\"role\":\"user\"}],   \"model\":\"claude-sonnet-4\"}" },
    };

    [Theory]
    [MemberData(nameof(OddBodies))]
    public async Task RequestBodyReachesTheUpstreamByteForByte(string path, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var echo = await EchoAsync(path, bytes);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), echo.GetProperty("body_sha256").GetString());
        Assert.Equal(bytes.Length, echo.GetProperty("body_length").GetInt64());
        Assert.Equal(path, echo.GetProperty("path").GetString());
    }

    [Fact]
    public async Task HopByHopHeadersAreDroppedAndEndToEndHeadersKept()
    {
        var body = Encoding.UTF8.GetBytes("""{"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}]}""");
        var gateway = new Uri(env.GatewayUrl);
        var head =
            $"POST /v1/chat/completions HTTP/1.1\r\n" +
            $"Host: {gateway.Authority}\r\n" +
            "Content-Type: application/json\r\n" +
            $"Content-Length: {body.Length}\r\n" +
            "Authorization: Bearer sk-client-test-key\r\n" +
            "Connection: close, X-Hop-Custom\r\n" +
            "Keep-Alive: timeout=5, max=100\r\n" +
            "TE: trailers\r\n" +
            "Upgrade: h2c\r\n" +
            "Proxy-Authorization: Basic dXNlcjpwYXNz\r\n" +
            "Proxy-Connection: keep-alive\r\n" +
            "X-Hop-Custom: should-not-pass\r\n" +
            "X-End-To-End: should-pass\r\n" +
            "x-mock-echo: 1\r\n" +
            "\r\n";
        var (status, _, responseBody) = await RawHttp.SendAsync(gateway, head, body);
        var text = Encoding.UTF8.GetString(responseBody);

        Assert.True(status == 200, $"status {status}: {text}");
        var headers = Headers(JsonDocument.Parse(text).RootElement.GetProperty("mock_echo"));
        string[] hopByHop = ["connection", "keep-alive", "te", "upgrade", "proxy-authorization", "proxy-connection"];
        foreach (var name in hopByHop)
        {
            Assert.False(headers.TryGetValue(name, out var value) && !(name == "connection" && value.Equals("keep-alive", StringComparison.OrdinalIgnoreCase)),
                $"hop-by-hop header '{name}: {value}' reached the upstream");
        }

        Assert.Equal("should-pass", headers.GetValueOrDefault("x-end-to-end"));
        Assert.Equal("Bearer sk-client-test-key", headers.GetValueOrDefault("authorization"));
    }

    [Fact]
    public async Task TraceAndRequestHeadersArePropagated()
    {
        const string traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        const string amzn = "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1";
        var echo = await EchoAsync("/v1/chat/completions", Encoding.UTF8.GetBytes("""{"model":"gpt-4o","messages":[]}"""),
            ("x-request-id", "req-ft-123"), ("traceparent", traceparent), ("x-amzn-trace-id", amzn),
            ("x-forwarded-for", "203.0.113.7"), ("x-forwarded-proto", "https"), ("x-forwarded-host", "api.example.test"));
        var h = Headers(echo);

        Assert.Equal("req-ft-123", h.GetValueOrDefault("x-request-id"));
        Assert.True(h.TryGetValue("traceparent", out var tp), "traceparent not forwarded");
        Assert.Matches(TraceparentPattern(), tp);
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", tp.Split('-')[1]);
        Assert.Contains("Root=1-5759e988-bd862e3fe1be46a994272793", h.GetValueOrDefault("x-amzn-trace-id") ?? string.Empty, StringComparison.Ordinal);

        // The test client is no trusted proxy: what it claims about itself is replaced by what the gateway sees.
        Assert.Equal("127.0.0.1", h.GetValueOrDefault("x-forwarded-for"));
        Assert.Equal("http", h.GetValueOrDefault("x-forwarded-proto"));
        Assert.Equal(new Uri(env.GatewayUrl).Authority, h.GetValueOrDefault("x-forwarded-host"));
    }

    [Theory]
    [InlineData("/v1/files/a%2Fb")]
    [InlineData("/v1/models%2F..%2F..%2Fadmin")]
    [InlineData("/v1/files/a%5Cb")]
    public async Task AnEncodedSlashInThePathIsRefusedBeforeForwarding(string path)
    {
        var tag = Guid.NewGuid().ToString("N");
        var (status, _, body) = await RawHttp.SendAsync(new Uri(env.GatewayUrl), $"GET {path} HTTP/1.1\r\nHost: x\r\nx-mock-tag: {tag}\r\nConnection: close\r\n\r\n", []);

        ErrorAssert.Shape(Encoding.UTF8.GetString(body), "encoded_path_separator");
        Assert.Equal(400, status);
        Assert.Equal(0, await Http.MockRequestsAsync(env.MockUrl, tag));
    }

    [Fact]
    public async Task ABodyOnGetModelsIsRefused()
    {
        using var client = Http.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, env.GatewayUrl + "/v1/models") { Content = new StringContent("{\"smuggled\":true}", Encoding.UTF8, "application/json") };
        var (response, body) = await Http.SendAsync(client, request);

        ErrorAssert.OpenAiError(response, body, HttpStatusCode.BadRequest, "body_not_allowed");
    }

    [Fact]
    public async Task TraceAndRequestHeadersAreCreatedWhenAbsent()
    {
        var first = Headers(await EchoAsync("/v1/chat/completions", Encoding.UTF8.GetBytes("""{"model":"gpt-4o","messages":[]}""")));
        var second = Headers(await EchoAsync("/v1/chat/completions", Encoding.UTF8.GetBytes("""{"model":"gpt-4o","messages":[]}""")));
        var gateway = new Uri(env.GatewayUrl);

        Assert.False(string.IsNullOrWhiteSpace(first.GetValueOrDefault("x-request-id")), "no x-request-id created");
        Assert.NotEqual(first["x-request-id"], second["x-request-id"]);
        Assert.Matches(TraceparentPattern(), first.GetValueOrDefault("traceparent") ?? string.Empty);
        Assert.Matches(AmznPattern(), first.GetValueOrDefault("x-amzn-trace-id") ?? string.Empty);
        Assert.Equal("127.0.0.1", first.GetValueOrDefault("x-forwarded-for"));
        Assert.Equal("http", first.GetValueOrDefault("x-forwarded-proto"));
        Assert.Equal(gateway.Authority, first.GetValueOrDefault("x-forwarded-host"));
    }

    [Fact]
    public async Task ReplaceAuthPutsTheConfiguredKeyInPlaceOfTheClients()
    {
        var h = Headers(await EchoAsync("/v1/chat/completions", Encoding.UTF8.GetBytes("""{"model":"replaced-gpt","messages":[]}""")));

        Assert.Equal("Bearer " + GatewayConfig.ReplacedKey, h.GetValueOrDefault("authorization"));
    }

    [Theory]
    [InlineData("Authorization")]
    [InlineData("x-api-key")]
    public async Task ReplaceAuthNeedsACredentialFromTheCaller(string presented)
    {
        using var client = Http.Client();
        var tag = Guid.NewGuid().ToString("N");
        using var anonymous = Http.Post(env.GatewayUrl + "/v1/chat/completions", """{"model":"replaced-gpt","messages":[]}""", ("x-mock-tag", tag));
        anonymous.Headers.Authorization = null;
        var (refused, body) = await Http.SendAsync(client, anonymous);

        ErrorAssert.OpenAiError(refused, body, HttpStatusCode.Unauthorized, "missing_credential", "authentication_error");
        Assert.Equal(0, await Http.MockRequestsAsync(env.MockUrl, tag));

        // Any credential of the caller's own (LiteLLM's virtual key, say) lets it through, replaced.
        using var keyed = Http.Post(env.GatewayUrl + "/v1/chat/completions", """{"model":"replaced-gpt","messages":[]}""", ("x-mock-echo", "1"));
        keyed.Headers.Authorization = null;
        keyed.Headers.TryAddWithoutValidation(presented, presented == "Authorization" ? "Bearer sk-caller" : "sk-caller");
        var (allowed, echo) = await Http.SendAsync(client, keyed);
        Assert.True(allowed.StatusCode == HttpStatusCode.OK, echo);
        Assert.DoesNotContain("sk-caller", echo, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARouteThatAllowsAnonymousCallersUsesTheReplacedKeyWithoutOne()
    {
        using var client = Http.Client();
        using var request = Http.Post(env.GatewayUrl + "/v1/chat/completions", """{"model":"replaced-open-gpt","messages":[]}""", ("x-mock-echo", "1"));
        request.Headers.Authorization = null;
        var (response, text) = await Http.SendAsync(client, request);

        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var doc = JsonDocument.Parse(text);
        Assert.Equal("Bearer " + GatewayConfig.ReplacedKey, Headers(doc.RootElement.GetProperty("mock_echo")).GetValueOrDefault("authorization"));
    }

    [Fact]
    public async Task OtherV1PathsPassThroughToTheUpstream()
    {
        using var client = Http.Client();
        using var request = Http.Post(env.GatewayUrl + "/v1/files/some-file", """{"purpose":"test"}""", ("x-mock-echo", "1"));
        var (response, body) = await Http.SendAsync(client, request);

        // The mock answers unknown paths with its own 404; getting that (not a gateway error) shows the request went through.
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("mock upstream: unknown path /v1/files/some-file", body, StringComparison.Ordinal);
        Assert.Equal("/v1/files/some-file", JsonDocument.Parse(body).RootElement.GetProperty("mock_echo").GetProperty("path").GetString());
    }

    private async Task<JsonElement> EchoAsync(string path, byte[] body, params (string, string)[] headers)
    {
        using var client = Http.Client();
        using var request = Http.Post(env.GatewayUrl + path, body, [("x-mock-echo", "1"), .. headers]);
        var (response, text) = await Http.SendAsync(client, request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: status {(int)response.StatusCode}: {text}");
        using var doc = JsonDocument.Parse(text);
        Assert.True(doc.RootElement.TryGetProperty("mock_echo", out var echo), "no mock_echo in " + text);
        return echo.Clone();
    }

    internal static Dictionary<string, string> Headers(JsonElement echo)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in echo.GetProperty("headers").EnumerateObject())
        {
            headers[p.Name] = p.Value.GetString()!;
        }

        return headers;
    }

    [GeneratedRegex("^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$")]
    private static partial Regex TraceparentPattern();

    [GeneratedRegex("Root=1-[0-9a-f]{8}-[0-9a-f]{24}")]
    private static partial Regex AmznPattern();
}
