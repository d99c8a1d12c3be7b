using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AiSpm.Gateway.FunctionalTests.Infrastructure;

namespace AiSpm.Gateway.FunctionalTests.Bedrock;

/// <summary>A gateway behind LiteLLM (<c>callerAuth: trusted</c>) with an admin service (the fake) to report to.</summary>
public sealed class BedrockTrustedGateway : BedrockGateway
{
    internal FakeAdmin Admin { get; } = new();

    protected override string CallerAuth => "trusted";

    protected override string? AdminBaseUrl => Admin.BaseUrl;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Admin.DisposeAsync();
    }
}

public sealed class BedrockTrustedTests(BedrockTrustedGateway env) : IClassFixture<BedrockTrustedGateway>
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task ATrustedCallerIsForwardedReSignedAndItsTrafficReachesTheAdminAsASummary()
    {
        // Unsigned, as LiteLLM in front of a trusted gateway may send it; the team header names the caller's team.
        var body = """{"messages":[{"role":"user","content":[{"text":"Which ballroom seats two hundred?"}]}]}""";
        using (var request = new HttpRequestMessage(HttpMethod.Post, env.GatewayUrl + "/model/" + Uri.EscapeDataString("amazon.nova-lite-v1:0") + "/converse")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)),
        })
        {
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add("x-litellm-key-alias", "banquetplanner");
            request.Headers.Add("x-litellm-team-alias", "groupsales");
            using var response = await Client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync() + env.GatewayOutput);
        }

        var forwarded = Assert.Single(env.Fake.Requests, r => r.Body.Contains("ballroom", StringComparison.Ordinal));
        Assert.True(forwarded.SignedByGateway, "the fake did not accept the gateway's signature");

        await env.StopGatewayAsync();
        var batch = env.Admin.Posts.Where(p => p.Path == "/spm/api/traffic:batch").Select(p => JsonDocument.Parse(p.Body).RootElement).ToList();
        var summary = batch.SelectMany(b => b.GetProperty("summaries").EnumerateArray())
            .Single(s => s.GetProperty("key").GetString() == "banquetplanner");
        Assert.Equal("bedrock_converse", summary.GetProperty("route").GetString());
        Assert.Equal("amazon.nova-lite-v1:0", summary.GetProperty("model").GetString());
        Assert.Equal("groupsales", summary.GetProperty("team").GetString());
        Assert.Equal(1, summary.GetProperty("requests").GetInt64());
        Assert.Equal(1, summary.GetProperty("status2xx").GetInt64());
    }
}
