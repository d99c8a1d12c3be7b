using System.Net;
using AiSpm.Gateway.FunctionalTests.Infrastructure;

namespace AiSpm.Gateway.FunctionalTests;

/// <summary>The published native-AOT gateway starts and proxies a stream (the binary Dockerfile.aot ships).</summary>
public sealed class AotBinaryTests
{
    [Fact]
    public async Task PublishedAotBinaryProxiesAStream()
    {
        var binary = AotGateway.Binary;
        if (string.IsNullOrEmpty(binary) || !File.Exists(binary))
        {
            Assert.Fail($"{AotGateway.Variable} is {(string.IsNullOrEmpty(binary) ? "not set" : $"'{binary}', which does not exist")}: " +
                "this test proxies through the published native-AOT gateway. Run it via ./aispm test (which publishes and sets the variable), " +
                $"or run ./aispm publish and export {AotGateway.Variable}=$PWD/artifacts/gateway/AiSpm.Gateway.");
        }

        var env = new AotGateway();
        await env.InitializeAsync();
        try
        {
            const string body = """{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"Hi"}]}""";
            using var client = Http.Client();
            using var directRequest = Http.Post(env.MockUrl + "/v1/chat/completions", body, ("x-mock-tokens", "5"));
            var (_, direct) = await Http.SendAsync(client, directRequest);
            using var request = Http.Post(env.GatewayUrl + "/v1/chat/completions", body, ("x-mock-tokens", "5"));
            var (response, through) = await Http.SendAsync(client, request);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(Sse.Parse(direct), Sse.Parse(through));
            Assert.Contains("tok4 ", through, StringComparison.Ordinal);
            Assert.EndsWith("data: [DONE]\n\n", through.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
        }
        finally
        {
            await env.DisposeAsync();
        }
    }
}
