using System.Net.Http.Headers;
using System.Text.Json;
using AiSpm.Gateway.FunctionalTests.Infrastructure;
using AiSpm.Testing.Fuzzing;
using CsCheck;

namespace AiSpm.Gateway.FunctionalTests.Fuzzing;

/// <summary>
/// Mutated bodies and hostile header values against the running gateway, on every scanned path: nothing may answer
/// with a server error, leak internals, or leave the gateway unable to serve.
/// </summary>
[Collection(StandardCollection.Name)]
public sealed class HttpFuzzTests(StandardGateway env)
{
    private static readonly string[] Paths =
        ["/v1/chat/completions", "/v1/responses", "/v1/messages", "/v1/embeddings", "/v1/completions", "/beta/litellm_basic_guardrail_api"];

    private static readonly string[] HeaderNames =
        ["x-request-id", "traceparent", "x-amzn-trace-id", "x-litellm-key-alias", "x-litellm-team-alias", "x-litellm-user-id", "x-forwarded-host", "accept-encoding", "x-api-key"];

    [Fact]
    public async Task MutatedRequestsNeverGetAServerError()
    {
        string[] seeds = [.. FuzzSeeds.RequestBodies, .. FuzzSeeds.GuardrailRequests];
        using var client = Http.Client();
        var gen = Gen.Select(
            FuzzInputs.Mutated(seeds),
            Gen.Int[0, Paths.Length - 1],
            Gen.Select(Gen.Int[0, HeaderNames.Length - 1], Gen.Char[' ', '~'].Array[0, 600]).Array[0, 3]);
        await gen.SampleAsync(async (body, path, headers) =>
        {
            using var request = Http.Post(env.GatewayUrl + Paths[path], body, ("x-mock-tokens", "2"));
            foreach (var (name, value) in headers)
            {
                request.Headers.Remove(HeaderNames[name]);
                request.Headers.TryAddWithoutValidation(HeaderNames[name], new string(value).Trim());
            }

            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            Assert.True(status < 500, $"{status} on {Paths[path]}: {text}\ngateway output:\n{Tail(env.GatewayOutput)}");
            ErrorAssert.NoInternals(text);
            if (status >= 400 && response.Content.Headers.ContentType?.MediaType == "application/json")
            {
                using var doc = JsonDocument.Parse(text);
                Assert.Equal(JsonValueKind.Object, doc.RootElement.GetProperty("error").ValueKind);
            }
        }, iter: FuzzInputs.Iterations, threads: 4);

        await FollowUp.AssertServesAsync(env.GatewayUrl);
    }

    [Fact]
    public async Task AGuardrailToolDefinitionThatIsNotUtf8IsScannedNotA500()
    {
        // Found by the fuzz test above: the endpoint transcoded each tool definition and threw on invalid UTF-8.
        var body = "{\"texts\":[\"hello\"],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"x\u00ff\"}}]}"u8.ToArray();
        body[Array.IndexOf(body, (byte)0xC3)] = 0xB7;
        using var client = Http.Client();
        using var request = Http.Post(env.GatewayUrl + "/beta/litellm_basic_guardrail_api", body);
        var (response, text) = await Http.SendAsync(client, request);
        using (response)
        {
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, (int)response.StatusCode + ": " + text);
        }
    }

    private static string Tail(string output) => output.Length > 4000 ? output[^4000..] : output;
}
