using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiSpm.Gateway.FunctionalTests.Infrastructure;

namespace AiSpm.Gateway.FunctionalTests.Enforcement;

/// <summary>
/// The x-litellm-* headers choose the policy, so believing them is a setting: a client that reaches the gateway
/// directly must not escape enforcement by claiming a team the policy only monitors, nor escape a per-key rate limit by
/// claiming a new key alias on every request. The attacks of issue 19, in every identityHeaders mode: they succeed
/// only where the headers are believed (trusted, or secret with LiteLLM's secret), which is what those modes mean.
/// </summary>
public sealed class IdentityHeaderTests : IClassFixture<IdentityTrustingGateway>, IClassFixture<IdentityIgnoringGateway>, IClassFixture<IdentitySecretGateway>
{
    private readonly IdentityTrustingGateway _trusting;
    private readonly IdentityIgnoringGateway _ignoring;
    private readonly IdentitySecretGateway _secret;

    public IdentityHeaderTests(IdentityTrustingGateway trusting, IdentityIgnoringGateway ignoring, IdentitySecretGateway secret)
    {
        _trusting = trusting;
        _ignoring = ignoring;
        _secret = secret;
    }

    public static TheoryData<string, bool, bool> Modes => new()
    {
        // mode, send LiteLLM's secret, headers believed
        { "trusted", false, true },
        { "ignored", false, false },
        { "secret", false, false },
        { "secret", true, true },
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task AClaimedMonitoredTeamEscapesEnforcementOnlyWhereTheHeadersAreBelieved(string mode, bool withSecret, bool believed)
    {
        using var client = Http.Client();
        using var request = Http.Post(Gateway(mode) + "/v1/chat/completions", EnforceModeTests.Chat(EnforceModeTests.Injection),
            Headers(withSecret, ("x-litellm-team-alias", TeamPolicyGateway.MonitoredTeam)));
        request.Headers.Authorization = new("Bearer", UniqueKey());

        var (response, body) = await Http.SendAsync(client, request);

        if (believed)
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Blocked.Assert(body);
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task ANewKeyAliasOnEveryRequestEscapesTheKeyLimitOnlyWhereTheHeadersAreBelieved(string mode, bool withSecret, bool believed)
    {
        using var client = Http.Client();
        var key = UniqueKey();
        var statuses = new List<int>();
        for (var i = 0; i < TeamPolicyGateway.RequestsPerMinute + 2; i++)
        {
            using var request = Http.Post(Gateway(mode) + "/v1/chat/completions", EnforceModeTests.Chat("What is the capital of Portugal?"),
                Headers(withSecret, ("x-litellm-key-alias", "limited-" + Guid.NewGuid().ToString("N"))));
            request.Headers.Authorization = new("Bearer", key);
            var (response, body) = await Http.SendAsync(client, request);
            statuses.Add((int)response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                ErrorAssert.Shape(body, "rate_limited");
            }
        }

        int[] expected = believed ? [200, 200, 200, 200] : [200, 200, 429, 429];
        Assert.Equal(expected, statuses);
    }

    [Fact]
    public async Task RequestsWithoutAKeyShareOneBucketRatherThanEscapingTheKeyLimit()
    {
        using var client = Http.Client();
        var statuses = new List<int>();
        for (var i = 0; i < TeamPolicyGateway.RequestsPerMinute + 1; i++)
        {
            using var request = Http.Post(_ignoring.GatewayUrl + "/v1/chat/completions", EnforceModeTests.Chat("What is the capital of Portugal?"));
            request.Headers.Authorization = null;
            var (response, _) = await Http.SendAsync(client, request);
            statuses.Add((int)response.StatusCode);
        }

        Assert.Equal(new[] { 200, 200, 429 }, statuses);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task TheGuardrailApiBelievesTheIdentityInItsBodyOnlyWhereTheHeadersAreBelieved(string mode, bool withSecret, bool believed)
    {
        using var client = Http.Client();
        var body = new JsonObject
        {
            ["texts"] = new JsonArray(EnforceModeTests.Injection),
            ["input_type"] = "request",
            ["litellm_call_id"] = Guid.NewGuid().ToString(),
            ["request_data"] = new JsonObject { ["user_api_key_team_alias"] = TeamPolicyGateway.MonitoredTeam, ["model"] = "gpt-4o" },
        };
        using var request = Http.Post(Gateway(mode) + "/beta/litellm_basic_guardrail_api", body.ToJsonString(), Headers(withSecret));
        request.Headers.Authorization = new("Bearer", UniqueKey());

        var (response, answer) = await Http.SendAsync(client, request);

        Assert.True(response.StatusCode == HttpStatusCode.OK, answer);
        var action = JsonDocument.Parse(answer).RootElement.GetProperty("action").GetString();
        Assert.Equal(believed ? "NONE" : "BLOCKED", action);
    }

    private string Gateway(string mode) => mode switch
    {
        "trusted" => _trusting.GatewayUrl,
        "ignored" => _ignoring.GatewayUrl,
        _ => _secret.GatewayUrl,
    };

    private static (string Name, string Value)[] Headers(bool withSecret, params (string Name, string Value)[] headers) =>
        withSecret ? [.. headers, ("x-aispm-identity-secret", GatewayConfig.IdentitySecret)] : headers;

    /// <summary>A client key of its own per test, so no two tests share the rate-limit bucket of its fingerprint.</summary>
    private static string UniqueKey() => "sk-ft-" + Guid.NewGuid().ToString("N");
}
