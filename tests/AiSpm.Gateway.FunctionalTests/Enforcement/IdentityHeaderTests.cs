using System.Net;
using AiSpm.Gateway.FunctionalTests.Infrastructure;

namespace AiSpm.Gateway.FunctionalTests.Enforcement;

/// <summary>
/// The x-litellm-* headers choose the policy, so believing them is a setting: a client that reaches the gateway
/// directly must not escape enforcement by claiming a team the policy only monitors.
/// </summary>
public sealed class IdentityHeaderTests : IClassFixture<IdentityTrustingGateway>, IClassFixture<IdentityIgnoringGateway>
{
    private readonly IdentityTrustingGateway _trusting;
    private readonly IdentityIgnoringGateway _ignoring;

    public IdentityHeaderTests(IdentityTrustingGateway trusting, IdentityIgnoringGateway ignoring)
    {
        _trusting = trusting;
        _ignoring = ignoring;
    }

    [Fact]
    public async Task ATrustedTeamHeaderSelectsThatTeamsMonitorMode()
    {
        var (response, body) = await InjectAsClaimedTeamAsync(_trusting.GatewayUrl);

        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
    }

    [Fact]
    public async Task AnIgnoredTeamHeaderCannotEscapeEnforcement()
    {
        var (response, body) = await InjectAsClaimedTeamAsync(_ignoring.GatewayUrl);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Blocked.Assert(body);
    }

    private static async Task<(HttpResponseMessage Response, string Body)> InjectAsClaimedTeamAsync(string gatewayUrl)
    {
        using var client = Http.Client();
        using var request = Http.Post(gatewayUrl + "/v1/chat/completions", EnforceModeTests.Chat(EnforceModeTests.Injection),
            ("x-litellm-team-alias", TeamPolicyGateway.MonitoredTeam));
        return await Http.SendAsync(client, request);
    }
}
