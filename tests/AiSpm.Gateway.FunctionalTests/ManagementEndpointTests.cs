using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AiSpm.Gateway.FunctionalTests.Infrastructure;

namespace AiSpm.Gateway.FunctionalTests;

/// <summary>
/// With <c>managementTokenEnv</c> set, /metrics and the detail of /readyz (rule version and packs) are for the token's
/// bearer only; an anonymous caller learns whether the gateway is ready, and /healthz stays open for probes.
/// </summary>
public sealed class ManagementEndpointTests(ManagementTokenGateway env) : IClassFixture<ManagementTokenGateway>
{
    [Fact]
    public async Task MetricsNeedTheManagementToken()
    {
        using var client = Http.Client();
        using var anonymous = await client.GetAsync(env.GatewayUrl + "/metrics");
        ErrorAssert.OpenAiError(anonymous, await anonymous.Content.ReadAsStringAsync(), HttpStatusCode.Unauthorized, "management_token_required");

        using var wrong = new HttpRequestMessage(HttpMethod.Get, env.GatewayUrl + "/metrics");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token");
        using var refused = await client.SendAsync(wrong);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        using var right = new HttpRequestMessage(HttpMethod.Get, env.GatewayUrl + "/metrics");
        right.Headers.Authorization = new AuthenticationHeaderValue("Bearer", GatewayConfig.ManagementToken);
        using var allowed = await client.SendAsync(right);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Contains("aispm_gateway_requests_total", await allowed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadinessListsRulePacksOnlyToTheTokensBearer()
    {
        using var client = Http.Client();
        var anonymous = await client.GetStringAsync(env.GatewayUrl + "/readyz");
        using (var doc = JsonDocument.Parse(anonymous))
        {
            Assert.Equal("ready", doc.RootElement.GetProperty("status").GetString());
            Assert.False(doc.RootElement.TryGetProperty("rules", out _), anonymous);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, env.GatewayUrl + "/readyz");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", GatewayConfig.ManagementToken);
        using var response = await client.SendAsync(request);
        var detailed = await response.Content.ReadAsStringAsync();
        using var detail = JsonDocument.Parse(detailed);
        Assert.Equal("functional-test-canary", detail.RootElement.GetProperty("rules").GetProperty("packs")[0].GetString());
    }

    [Fact]
    public async Task HealthzStaysOpen()
    {
        using var client = Http.Client();
        using var response = await client.GetAsync(env.GatewayUrl + "/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
