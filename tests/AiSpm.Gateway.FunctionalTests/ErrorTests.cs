using System.Diagnostics;
using System.Net;
using System.Text.Json;
using AiSpm.Gateway.FunctionalTests.Infrastructure;

namespace AiSpm.Gateway.FunctionalTests;

/// <summary>Every failure answers with its documented status and OpenAI error shape, in bounded time, and the gateway keeps serving.</summary>
[Collection(StandardCollection.Name)]
public sealed class ErrorTests(StandardGateway env)
{
    private const string Chat = """{"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}]}""";

    [Fact]
    public async Task MalformedJsonIs400InvalidJson()
    {
        var (response, body) = await PostAsync("/v1/chat/completions", """{"model":"gpt-4o","messages":[{"role":"user",""");

        ErrorAssert.OpenAiError(response, body, HttpStatusCode.BadRequest, "invalid_json", "invalid_request_error");
        await FollowUp.AssertServesAsync(env.GatewayUrl);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("identity, deflate")]
    public async Task ACompressedBodyIs415RatherThanScannedAsCompressedBytes(string encoding)
    {
        using var client = Http.Client();
        using var request = Http.Post(env.GatewayUrl + "/v1/chat/completions", Http.Gzip(Chat), ("content-encoding", encoding));
        var (response, body) = await Http.SendAsync(client, request);

        ErrorAssert.OpenAiError(response, body, HttpStatusCode.UnsupportedMediaType, "unsupported_content_encoding");
        await FollowUp.AssertServesAsync(env.GatewayUrl);
    }

    [Fact]
    public async Task AnIdentityContentEncodingIsServed()
    {
        using var client = Http.Client();
        using var request = Http.Post(env.GatewayUrl + "/v1/chat/completions", Chat, ("content-encoding", "identity"));
        var (response, body) = await Http.SendAsync(client, request);

        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
    }

    [Fact]
    public async Task ModelWithoutARouteIs400NoRoute()
    {
        var (response, body) = await PostAsync("/v1/chat/completions", """{"model":"unrouted-model","messages":[]}""");

        ErrorAssert.OpenAiError(response, body, HttpStatusCode.BadRequest, "no_route");
        await FollowUp.AssertServesAsync(env.GatewayUrl);
    }

    [Fact]
    public async Task RefusedUpstreamIs502()
    {
        var (response, body) = await PostAsync("/v1/chat/completions", """{"model":"refused-gpt","messages":[]}""");

        ErrorAssert.OpenAiError(response, body, HttpStatusCode.BadGateway, "upstream_unavailable");
        await FollowUp.AssertServesAsync(env.GatewayUrl);
    }

    [Fact]
    public async Task UpstreamResetBeforeTheBodyEndsIs502()
    {
        var (response, body) = await PostAsync("/v1/chat/completions", Chat, ("x-mock-fault", "reset-mid-stream"));

        ErrorAssert.OpenAiError(response, body, HttpStatusCode.BadGateway, "upstream_unavailable");
        await FollowUp.AssertServesAsync(env.GatewayUrl);
    }

    [Fact]
    public async Task Upstream500IsPassedThroughUnchanged()
    {
        using var client = Http.Client();
        using var directRequest = Http.Post(env.MockUrl + "/v1/chat/completions", Chat, ("x-mock-fault", "status-500"));
        var (direct, directBody) = await Http.SendAsync(client, directRequest);
        var (response, body) = await PostAsync("/v1/chat/completions", Chat, ("x-mock-fault", "status-500"));

        Assert.Equal(HttpStatusCode.InternalServerError, direct.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(directBody, body);
        await FollowUp.AssertServesAsync(env.GatewayUrl);
    }

    [Fact]
    public async Task SlowFirstByteIs504()
    {
        var watch = Stopwatch.StartNew();
        var (response, body) = await PostAsync("/v1/chat/completions", """{"model":"timeout-gpt","messages":[]}""", ("x-mock-fault", "slow-first-byte"));

        ErrorAssert.OpenAiError(response, body, HttpStatusCode.GatewayTimeout, "upstream_timeout");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"the 1.5 s first-byte timeout took {watch.Elapsed}");
        await FollowUp.AssertServesAsync(env.GatewayUrl);
    }

    [Fact]
    public async Task HangingUpstreamIs504()
    {
        var (response, body) = await PostAsync("/v1/chat/completions", """{"model":"timeout-gpt","stream":true,"messages":[]}""", ("x-mock-fault", "hang"));

        ErrorAssert.OpenAiError(response, body, HttpStatusCode.GatewayTimeout, "upstream_timeout");
        await FollowUp.AssertServesAsync(env.GatewayUrl);
    }

    [Fact]
    public async Task UpstreamResetMidStreamEndsTheStreamWithAnErrorEvent()
    {
        var (response, body) = await PostAsync("/v1/chat/completions", """{"model":"gpt-4o","stream":true,"messages":[]}""", ("x-mock-fault", "reset-mid-stream"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertErrorEventEnds(body, "upstream_unavailable", eventsBefore: 3);
        await FollowUp.AssertServesAsync(env.GatewayUrl);
    }

    [Fact]
    public async Task IdleUpstreamMidStreamEndsTheStreamWithAnErrorEvent()
    {
        var (response, body) = await PostAsync("/v1/chat/completions", """{"model":"idle-gpt","stream":true,"messages":[]}""", ("x-mock-fault", "stall-mid-stream"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertErrorEventEnds(body, "upstream_timeout", eventsBefore: 3);
        await FollowUp.AssertServesAsync(env.GatewayUrl);
    }

    [Fact]
    public async Task AnthropicResetMidStreamEndsTheStreamWithAnErrorEvent()
    {
        var (response, body) = await PostAsync("/v1/messages", """{"model":"claude-sonnet-4","max_tokens":8,"stream":true,"messages":[]}""", ("x-mock-fault", "reset-mid-stream"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertErrorEventEnds(body, "upstream_unavailable", eventsBefore: 3);
        await FollowUp.AssertServesAsync(env.GatewayUrl);
    }

    [Fact]
    public async Task MalformedUpstreamJsonNeitherHangsNorLeaksInternals()
    {
        var (response, body) = await PostAsync("/v1/chat/completions", Chat, ("x-mock-fault", "malformed-json"));

        // Forwarding the upstream's bytes unchanged or answering 502 are both honest; a hang or a stack trace is not.
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadGateway, $"unexpected {(int)response.StatusCode}: {body}");
        ErrorAssert.NoInternals(body);
        await FollowUp.AssertServesAsync(env.GatewayUrl);
    }

    [Fact]
    public async Task ClientDisconnectMidStreamCancelsTheUpstreamRequest()
    {
        var tag = "disconnect-" + Guid.NewGuid().ToString("N");
        using (var client = Http.Client())
        {
            using var request = Http.Post(env.GatewayUrl + "/v1/chat/completions", """{"model":"gpt-4o","stream":true,"messages":[]}""",
                ("x-mock-tokens", "200"), ("x-mock-token-delay-ms", "100"), ("x-mock-tag", tag));
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var stream = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[256];
            Assert.True(await stream.ReadAsync(buffer) > 0);
            Assert.Equal(1, (await StatsAsync(tag)).GetProperty("in_flight").GetInt64());
        }

        // 200 tokens at 100 ms would take 20 s; the mock must see its request cancelled long before that.
        var deadline = Stopwatch.StartNew();
        JsonElement stats;
        do
        {
            await Task.Delay(100);
            stats = await StatsAsync(tag);
        }
        while (stats.GetProperty("cancelled").GetInt64() == 0 && deadline.Elapsed < TimeSpan.FromSeconds(8));

        Assert.Equal(1, stats.GetProperty("cancelled").GetInt64());
        Assert.Equal(0, stats.GetProperty("in_flight").GetInt64());
        await FollowUp.AssertServesAsync(env.GatewayUrl);
    }

    [Fact]
    public async Task ClientDisconnectBeforeTheAnswerCancelsTheUpstreamRequest()
    {
        var tag = "disconnect-wait-" + Guid.NewGuid().ToString("N");
        using (var cts = new CancellationTokenSource())
        using (var client = Http.Client())
        {
            using var request = Http.Post(env.GatewayUrl + "/v1/chat/completions", Chat, ("x-mock-latency-ms", "20000"), ("x-mock-tag", tag));
            var pending = client.SendAsync(request, cts.Token);
            var watch = Stopwatch.StartNew();
            while ((await StatsAsync(tag)).GetProperty("in_flight").GetInt64() == 0)
            {
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), "the request never reached the upstream");
                await Task.Delay(20);
            }

            await cts.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        }

        var deadline = Stopwatch.StartNew();
        JsonElement stats;
        do
        {
            await Task.Delay(100);
            stats = await StatsAsync(tag);
        }
        while (stats.GetProperty("cancelled").GetInt64() == 0 && deadline.Elapsed < TimeSpan.FromSeconds(8));

        Assert.Equal(1, stats.GetProperty("cancelled").GetInt64());
        await FollowUp.AssertServesAsync(env.GatewayUrl);
    }

    private static void AssertErrorEventEnds(string body, string code, int eventsBefore)
    {
        var events = Sse.Parse(body);
        Assert.True(events.Count > eventsBefore, $"expected the {eventsBefore} relayed events and an error event: {body}");
        Assert.DoesNotContain(events, e => e.Data == "[DONE]");
        Assert.True(Sse.EndsWithBlankLine(body), "the stream does not end with a complete event: " + body);
        ErrorAssert.Shape(events[^1].Data, code);
        for (var i = 0; i < eventsBefore; i++)
        {
            Assert.DoesNotContain("\"error\"", events[i].Data, StringComparison.Ordinal);
        }
    }

    private async Task<JsonElement> StatsAsync(string tag)
    {
        using var client = Http.Client();
        var json = await client.GetStringAsync(env.MockUrl + "/mock/stats?tag=" + tag);
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    private async Task<(HttpResponseMessage Response, string Body)> PostAsync(string path, string json, params (string, string)[] headers)
    {
        using var client = Http.Client();
        using var request = Http.Post(env.GatewayUrl + path, json, headers);
        return await Http.SendAsync(client, request);
    }
}
