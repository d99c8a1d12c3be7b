using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiSpm.Gateway.FunctionalTests.Infrastructure;

namespace AiSpm.Gateway.FunctionalTests.Enforcement;

/// <summary>
/// No request goes upstream unscanned in enforce mode because of how its path is spelled: the mock, like many
/// servers, routes <c>/V1/Chat/Completions/</c> to its chat endpoint, and other API paths carry text a model reads.
/// </summary>
[Collection(EnforcingCollection.Name)]
public sealed class PathSpellingTests(EnforcingGateway env)
{
    [Theory]
    [InlineData("/v1/chat/completions/")]
    [InlineData("/V1/Chat/Completions")]
    [InlineData("/v1/CHAT/COMPLETIONS//")]
    public async Task AnotherSpellingOfTheChatPathIsScannedAsChat(string path)
    {
        var tag = EnforceModeTests.Tag();
        var (response, body) = await PostAsync(path, EnforceModeTests.Chat(EnforceModeTests.Injection), ("x-mock-tag", tag));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Blocked.Assert(body);
        Assert.Equal(0, await Http.MockRequestsAsync(env.MockUrl, tag));
    }

    [Fact]
    public async Task ABenignRequestSpelledOtherwiseGoesToTheCanonicalPath()
    {
        var (response, body) = await PostAsync("/V1/Chat/Completions/", EnforceModeTests.Chat("Suggest a name for a bakery."), ("x-mock-echo", "1"));

        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var doc = JsonDocument.Parse(body);
        Assert.Equal("/v1/chat/completions", doc.RootElement.GetProperty("mock_echo").GetProperty("path").GetString());
    }

    [Fact]
    public async Task AnInjectionSentToAnotherApiPathIsBlocked()
    {
        // The Assistants API: a message added to a thread is text the model will read.
        var message = new JsonObject { ["role"] = "user", ["content"] = EnforceModeTests.PoisonedEmail }.ToJsonString();
        var (response, body) = await PostAsync("/v1/threads/thread_abc/messages", message, ("x-mock-echo", "1"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Blocked.Assert(body);
    }

    [Fact]
    public async Task AnInjectionInABodyThatIsNotJsonIsBlocked()
    {
        using var client = Http.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, env.GatewayUrl + "/v1/uploads/upload_abc/parts")
        {
            Content = new StringContent("line one of a batch file\n" + EnforceModeTests.Injection + "\n", System.Text.Encoding.UTF8, "text/plain"),
        };
        var (response, body) = await Http.SendAsync(client, request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Blocked.Assert(body);
    }

    [Fact]
    public async Task ACompressedBodyOnAnotherApiPathIsRefusedNotForwardedUnscanned()
    {
        var compressed = Http.Gzip(new JsonObject { ["role"] = "user", ["content"] = EnforceModeTests.Injection }.ToJsonString());
        var tag = EnforceModeTests.Tag();
        using var client = Http.Client();
        using var request = Http.Post(env.GatewayUrl + "/v1/threads/thread_abc/messages", compressed, ("content-encoding", "gzip"), ("x-mock-tag", tag));
        var (response, body) = await Http.SendAsync(client, request);

        ErrorAssert.OpenAiError(response, body, HttpStatusCode.UnsupportedMediaType, "unsupported_content_encoding");
        Assert.Equal(0, await Http.MockRequestsAsync(env.MockUrl, tag));
    }

    [Fact]
    public async Task ABenignRequestToAnotherApiPathIsForwardedAsSent()
    {
        const string json = """{"model":"gpt-image-1","prompt":"A lighthouse at dawn, watercolour","size":"1024x1024"}""";
        var (response, body) = await PostAsync("/v1/images/generations?trace=1", json, ("x-mock-echo", "1"));

        // The mock answers paths it does not serve with its own 404 and the echo of what arrived.
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var doc = JsonDocument.Parse(body);
        var echo = doc.RootElement.GetProperty("mock_echo");
        Assert.Equal("/v1/images/generations", echo.GetProperty("path").GetString());
        Assert.Equal("?trace=1", echo.GetProperty("query").GetString());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(json))), echo.GetProperty("body_sha256").GetString());
    }

    private async Task<(HttpResponseMessage Response, string Body)> PostAsync(string path, string json, params (string Name, string Value)[] headers)
    {
        using var client = Http.Client();
        using var request = Http.Post(env.GatewayUrl + path, json, headers);
        return await Http.SendAsync(client, request);
    }
}
