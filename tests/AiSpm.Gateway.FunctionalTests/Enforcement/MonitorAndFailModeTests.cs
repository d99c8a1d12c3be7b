using System.Net;
using System.Text.Json;
using AiSpm.Gateway.FunctionalTests.Infrastructure;

namespace AiSpm.Gateway.FunctionalTests.Enforcement;

/// <summary>Monitor mode never blocks; fail-closed refuses and fail-open forwards when inspection fails.</summary>
[Collection(MonitoringCollection.Name)]
public sealed class MonitorModeTests(MonitoringGateway env)
{
    [Fact]
    public async Task MonitorForwardsAttacksUnchangedAndRecordsThem()
    {
        var tag = EnforceModeTests.Tag();
        using var client = Http.Client();
        using var request = Http.Post(env.GatewayUrl + "/v1/chat/completions", EnforceModeTests.Chat(EnforceModeTests.Injection), ("x-mock-tag", tag));
        var (response, body) = await Http.SendAsync(client, request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal(1, await Http.MockRequestsAsync(env.MockUrl, tag));
        var metrics = await client.GetStringAsync(env.GatewayUrl + "/metrics");
        Assert.Matches("aispm_gateway_detections_total\\{category=\"(prompt_injection|system_prompt_extraction|jailbreak)\",action=\"flagged\"\\} [1-9]", metrics);
        Assert.DoesNotMatch("action=\"blocked\"", metrics);
    }

    [Fact]
    public async Task MonitorForwardsAnAttackOnAnotherApiPathAndRecordsIt()
    {
        using var client = Http.Client();
        var flaggedBefore = Flagged(await client.GetStringAsync(env.GatewayUrl + "/metrics"));
        var message = "{\"role\":\"user\",\"content\":\"" + EnforceModeTests.Injection + "\"}";
        using var request = Http.Post(env.GatewayUrl + "/v1/threads/thread_abc/messages", message, ("x-mock-echo", "1"));
        var (response, body) = await Http.SendAsync(client, request);

        // Reached the mock, which answers paths it does not serve with its own 404.
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("mock upstream: unknown path /v1/threads/thread_abc/messages", body, StringComparison.Ordinal);
        Assert.True(Flagged(await client.GetStringAsync(env.GatewayUrl + "/metrics")) > flaggedBefore, "no detection recorded");
    }

    [Fact]
    public async Task MonitorNeverCutsAStream()
    {
        const string key = "AKIA4HG7QZK2MX9PLW3R";
        using var client = Http.Client();
        using var request = Http.Post(env.GatewayUrl + "/v1/chat/completions", EnforceModeTests.Chat("key?", stream: true),
            ("x-mock-content", "the key is " + key + " ok"), ("x-mock-chunk-bytes", "4"));
        var (response, body) = await Http.SendAsync(client, request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("[DONE]", body, StringComparison.Ordinal);
        Assert.DoesNotContain("aispm_blocked", body, StringComparison.Ordinal);
    }

    // Findings flagged (not blocked) so far, over the categories an injection falls in.
    private static long Flagged(string metrics)
    {
        long sum = 0;
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(metrics, "aispm_gateway_detections_total\\{category=\"(?:prompt_injection|system_prompt_extraction|jailbreak)\",action=\"flagged\"\\} ([0-9]+)"))
        {
            sum += long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        }

        return sum;
    }
}

public sealed class FailClosedTests : IClassFixture<FailClosedGateway>
{
    private readonly FailClosedGateway _env;

    public FailClosedTests(FailClosedGateway env) => _env = env;

    [Fact]
    public async Task AnInspectionFailureRefusesTheRequestAndCountsIt()
    {
        var tag = EnforceModeTests.Tag();
        using var client = Http.Client();
        using var request = Http.Post(_env.GatewayUrl + "/v1/chat/completions", EnforceModeTests.Chat("hello"), ("x-mock-tag", tag));
        var (response, body) = await Http.SendAsync(client, request);
        ErrorAssert.OpenAiError(response, body, HttpStatusCode.ServiceUnavailable, "inspection_failed");
        Assert.Equal(0, await Http.MockRequestsAsync(_env.MockUrl, tag));
        Assert.Matches("aispm_gateway_inspection_failures_total\\{policy=\"fail_closed\"\\} [1-9]", await client.GetStringAsync(_env.GatewayUrl + "/metrics"));
    }

    [Fact]
    public async Task TheGuardrailApiFailsClosedLikeTheProxy()
    {
        using var client = Http.Client();
        using var request = Http.Post(_env.GatewayUrl + "/beta/litellm_basic_guardrail_api",
            JsonSerializer.Serialize(new { texts = new[] { "hello" }, input_type = "request" }));
        var (response, body) = await Http.SendAsync(client, request);

        // Not a bare 500, and not a NONE that would let LiteLLM send the unscanned text on.
        ErrorAssert.OpenAiError(response, body, HttpStatusCode.ServiceUnavailable, "inspection_failed");
    }
}

public sealed class FailOpenTests : IClassFixture<FailOpenGateway>
{
    private readonly FailOpenGateway _env;

    public FailOpenTests(FailOpenGateway env) => _env = env;

    [Fact]
    public async Task AnInspectionFailureForwardsUnscannedAndCountsIt()
    {
        using var client = Http.Client();
        using var request = Http.Post(_env.GatewayUrl + "/v1/chat/completions", EnforceModeTests.Chat(EnforceModeTests.Injection));
        var (response, body) = await Http.SendAsync(client, request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Matches("aispm_gateway_inspection_failures_total\\{policy=\"fail_open\"\\} [1-9]", await client.GetStringAsync(_env.GatewayUrl + "/metrics"));
    }

    [Fact]
    public async Task TheGuardrailApiFailsOpenLikeTheProxy()
    {
        using var client = Http.Client();
        var before = FailOpenCount(await client.GetStringAsync(_env.GatewayUrl + "/metrics"));
        using var request = Http.Post(_env.GatewayUrl + "/beta/litellm_basic_guardrail_api",
            JsonSerializer.Serialize(new { texts = new[] { EnforceModeTests.Injection }, input_type = "request" }));
        var (response, body) = await Http.SendAsync(client, request);

        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var doc = JsonDocument.Parse(body);
        Assert.Equal("NONE", doc.RootElement.GetProperty("action").GetString());
        Assert.True(FailOpenCount(await client.GetStringAsync(_env.GatewayUrl + "/metrics")) > before, "the unscanned text was not counted as failed open");
    }

    private static long FailOpenCount(string metrics)
    {
        var m = System.Text.RegularExpressions.Regex.Match(metrics, "aispm_gateway_inspection_failures_total\\{policy=\"fail_open\"\\} ([0-9]+)");
        return m.Success ? long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }
}
