using System.Net;
using System.Text;
using AiSpm.Gateway.FunctionalTests.Infrastructure;

namespace AiSpm.Gateway.FunctionalTests;

/// <summary>What an upstream connection can do to the relay besides answering plainly (issue 26's edge cases).</summary>
[Collection(EdgeCollection.Name)]
public sealed class RelayEdgeCaseTests(EdgeGateway env)
{
    private const string Chat = """{"model":"edge-model","messages":[{"role":"user","content":"hello"}]}""";

    [Fact]
    public async Task AnUpstreamThatClosesItsKeepAliveConnectionAfterEachAnswerStillAnswersEveryRequest()
    {
        using var client = Http.Client();
        var before = env.Plain.Connections;
        for (var i = 0; i < 5; i++)
        {
            var (response, body) = await SendAsync(client, Chat, ScriptedUpstream.CloseAfterAnswer);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"request {i}: {(int)response.StatusCode} {body}\n{env.GatewayOutput}");
            Assert.Equal(Encoding.UTF8.GetString(ScriptedUpstream.Completion), body);

            // Give the FIN time to arrive, so the next request meets a pooled connection the upstream has closed.
            await Task.Delay(50);
        }

        // Each request needed a new connection: none was sent on (and lost to) a closed one.
        Assert.True(env.Plain.Connections - before >= 5, $"{env.Plain.Connections - before} connections for 5 requests");
    }

    [Fact]
    public async Task AKeptAliveConnectionIsReused()
    {
        using var client = Http.Client();
        var (first, _) = await SendAsync(client, Chat, script: null);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var before = env.Plain.Connections;
        for (var i = 0; i < 5; i++)
        {
            var (response, _) = await SendAsync(client, Chat, script: null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(before, env.Plain.Connections);
    }

    [Fact]
    public async Task AChunkedAnswerWithTrailersIsRelayedByteExact()
    {
        using var client = Http.Client();
        var (response, body) = await SendAsync(client, Chat, ScriptedUpstream.ChunkedWithTrailers);

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");
        Assert.Equal(Encoding.UTF8.GetString(ScriptedUpstream.Completion), body);
        await FollowUp.AssertServesAsync(env.GatewayUrl);
    }

    [Fact]
    public async Task AnUpstreamHeadOverTheLimitIsAnOpenAiStyle502()
    {
        using var client = Http.Client();
        var (response, body) = await SendAsync(client, Chat, ScriptedUpstream.HugeHeader);

        ErrorAssert.OpenAiError(response, body, HttpStatusCode.BadGateway, "upstream_bad_response");
        Assert.False(response.Headers.Contains("x-huge"));
        await FollowUp.AssertServesAsync(env.GatewayUrl);
    }

    [Fact]
    public async Task AClientHeaderOverTheLimitIs431AndTheGatewayKeepsServing()
    {
        using var client = Http.Client();
        using var request = Http.Post(env.GatewayUrl + "/v1/chat/completions", """{"model":"gpt-4o","messages":[]}""", ("x-huge", new string('b', 80 * 1024)));
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        await FollowUp.AssertServesAsync(env.GatewayUrl);
    }

    [Fact]
    public async Task AnUpstreamBehindAPrivateCaIsReachedOverTlsWhenItsCaFileIsConfigured()
    {
        using var client = Http.Client();
        var (response, body) = await SendAsync(client, """{"model":"tls-model","messages":[{"role":"user","content":"hello"}]}""", script: null);

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}\n{env.GatewayOutput}");
        Assert.Equal(Encoding.UTF8.GetString(ScriptedUpstream.Completion), body);
    }

    [Fact]
    public async Task TheSameUpstreamWithoutTheCaFileIsRefusedAs502()
    {
        using var client = Http.Client();
        var (response, body) = await SendAsync(client, """{"model":"untrusted-model","messages":[{"role":"user","content":"hello"}]}""", script: null);

        Assert.True(response.StatusCode == HttpStatusCode.BadGateway, $"{(int)response.StatusCode} {body}\n{env.GatewayOutput}");
        ErrorAssert.OpenAiError(response, body, HttpStatusCode.BadGateway, "upstream_unavailable");
        await FollowUp.AssertServesAsync(env.GatewayUrl);
    }

    private async Task<(HttpResponseMessage Response, string Body)> SendAsync(HttpClient client, string json, string? script)
    {
        using var request = script is null
            ? Http.Post(env.GatewayUrl + "/v1/chat/completions", json)
            : Http.Post(env.GatewayUrl + "/v1/chat/completions", json, (ScriptedUpstream.ScriptHeader, script));
        return await Http.SendAsync(client, request);
    }
}
