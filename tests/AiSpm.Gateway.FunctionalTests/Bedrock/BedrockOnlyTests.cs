using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace AiSpm.Gateway.FunctionalTests.Bedrock;

/// <summary>A gateway configured for Bedrock only: no OpenAI-compatible upstream or route.</summary>
public sealed class BedrockOnlyGateway : BedrockGateway
{
    protected override bool WithOpenAiUpstream => false;
}

public sealed class BedrockOnlyTests(BedrockOnlyGateway env) : IClassFixture<BedrockOnlyGateway>
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task ABedrockOnlyGatewayStartsAndServesConverse()
    {
        var body = """{"messages":[{"role":"user","content":[{"text":"What is the weather in Lisbon?"}]}]}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, env.GatewayUrl + "/model/" + Uri.EscapeDataString("amazon.nova-lite-v1:0") + "/converse")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        AwsSigning.Sign(request, Encoding.UTF8.GetBytes(body), BedrockGateway.CallerKeyId, BedrockGateway.CallerSecret);

        using var response = await Client.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync() + env.GatewayOutput);
    }

    [Theory]
    [InlineData("/v1/chat/completions")]
    [InlineData("/v1/messages")]
    [InlineData("/v1/models")]
    public async Task OpenAiPathsAnswerWithAStableOpenAiStyleError(string path)
    {
        using var response = await Client.PostAsync(env.GatewayUrl + path, new StringContent("""{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(body);
        var error = doc.RootElement.GetProperty("error");
        Assert.Equal("openai_not_configured", error.GetProperty("code").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Contains("Bedrock", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
