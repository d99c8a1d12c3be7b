using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using AiSpm.Gateway.FunctionalTests.Infrastructure;

namespace AiSpm.Gateway.FunctionalTests;

/// <summary>The body cap and the concurrency cap, on a gateway configured with 4 KiB and one request at a time.</summary>
[Collection(LimitedCollection.Name)]
public sealed class LimitTests(LimitedGateway env)
{
    [Fact]
    public async Task BodyOverTheCapIs413()
    {
        var big = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"" + new string('x', LimitedGateway.MaxBodyBytes * 2) + "\"}]}";
        using var client = Http.Client();
        using var request = Http.Post(env.GatewayUrl + "/v1/chat/completions", big);
        var (response, body) = await SendTolerantAsync(client, request);

        ErrorAssert.OpenAiError(response, body, HttpStatusCode.RequestEntityTooLarge, "request_too_large");
        await FollowUp.AssertServesAsync(env.GatewayUrl);
    }

    [Fact]
    public async Task BodyJustUnderTheCapIsForwarded()
    {
        var prefix = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"";
        const string suffix = "\"}]}";
        var json = prefix + new string('y', LimitedGateway.MaxBodyBytes - prefix.Length - suffix.Length) + suffix;
        Assert.Equal(LimitedGateway.MaxBodyBytes, Encoding.UTF8.GetByteCount(json));
        using var client = Http.Client();
        using var request = Http.Post(env.GatewayUrl + "/v1/chat/completions", json);
        var (response, body) = await Http.SendAsync(client, request);

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
    }

    [Fact]
    public async Task RequestOverTheConcurrencyCapIs429()
    {
        var tag = "hold-" + Guid.NewGuid().ToString("N");
        using var client = Http.Client();
        using var holdRequest = Http.Post(env.GatewayUrl + "/v1/chat/completions", """{"model":"gpt-4o","messages":[]}""",
            ("x-mock-latency-ms", "2500"), ("x-mock-tag", tag), ("x-mock-tokens", "1"));
        var hold = client.SendAsync(holdRequest);

        // Wait until the held request is inside the mock, so the gateway's one slot is surely taken.
        var watch = Stopwatch.StartNew();
        while (await InFlightAsync(client, tag) == 0)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), "the held request never reached the upstream");
            await Task.Delay(20);
        }

        using var second = Http.Post(env.GatewayUrl + "/v1/chat/completions", """{"model":"gpt-4o","messages":[]}""");
        var (response, body) = await Http.SendAsync(client, second);
        ErrorAssert.OpenAiError(response, body, HttpStatusCode.TooManyRequests, "over_capacity");

        // The guardrail API shares the cap: it scans with the same detectors, so it must not get around it.
        using var guardrail = Http.Post(env.GatewayUrl + "/beta/litellm_basic_guardrail_api", """{"texts":["hello"],"input_type":"request"}""");
        var (guardrailResponse, guardrailBody) = await Http.SendAsync(client, guardrail);
        ErrorAssert.OpenAiError(guardrailResponse, guardrailBody, HttpStatusCode.TooManyRequests, "over_capacity");

        using var held = await hold;
        Assert.Equal(HttpStatusCode.OK, held.StatusCode);
        await FollowUp.AssertServesAsync(env.GatewayUrl);
    }

    private async Task<long> InFlightAsync(HttpClient client, string tag)
    {
        var json = await client.GetStringAsync(env.MockUrl + "/mock/stats?tag=" + tag);
        return JsonDocument.Parse(json).RootElement.GetProperty("in_flight").GetInt64();
    }

    /// <summary>A server may answer 413 and close before reading the whole body; the answer still counts if it arrived.</summary>
    private static async Task<(HttpResponseMessage, string)> SendTolerantAsync(HttpClient client, HttpRequestMessage request)
    {
        var response = await client.SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }
}
