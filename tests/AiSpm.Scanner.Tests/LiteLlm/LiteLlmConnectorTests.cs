using AiSpm.Fakes;
using AiSpm.Scanner.Connectors;
using AiSpm.Scanner.LiteLlm;

namespace AiSpm.Scanner.Tests.LiteLlm;

public sealed class LiteLlmConnectorTests
{
    private static async Task<ScanResult> ScanAsync(FakeLiteLlm fake, string? key = FakeLiteLlm.MasterKey, int pageSize = 2)
    {
        using var http = new HttpClient();
        var settings = new LiteLlmSettings { Name = "litellm", BaseUrl = new Uri(fake.Url), PageSize = pageSize };
        Assert.Empty(settings.Validate());
        var connector = new LiteLlmConnector(settings, http, name => name == "LITELLM_MASTER_KEY" ? key : null);
        return await new DiscoveryScan([connector]).RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ModelsKeysOfEveryPageTeamsAndGuardrailsAreFound()
    {
        await using var fake = await FakeLiteLlm.StartAsync(keys: 5);
        var r = await ScanAsync(fake);
        Assert.Equal(ConnectorStatus.Ok, r.Connectors.Single().Status);
        Assert.Equal(5, r.Assets.Count(a => a.Kind == "key"));
        Assert.Equal(3, fake.Calls.Count(c => c.StartsWith("/key/list", StringComparison.Ordinal)));
        Assert.Contains(r.Edges, e => e.From == "litellm:route:gpt-4o" && e.To == "litellm:model:openai/gpt-4o" && e.Type == "routes_to");
        Assert.Contains(r.Edges, e => e.From == "litellm:key:hash1" && e.To == "litellm:team:t1" && e.Type == "belongs_to_team");
        Assert.Contains(r.Edges, e => e.From == "litellm:key:hash0" && e.To == "litellm:route:claude" && e.Type == "uses_model");
        Assert.DoesNotContain(r.Edges, e => e.From == "litellm:key:hash1" && e.To == "litellm:route:claude");
        Assert.Contains(r.Assets, a => a.Kind == "gateway" && a.Id.StartsWith("litellm:gateway:127.0.0.1", StringComparison.Ordinal));
        Assert.Equal("sales", r.Assets.Single(a => a.Id == "litellm:key:hash1").Owner);
        Assert.DoesNotContain("sk-upstream-secret", string.Join("", r.Assets.Select(a => a.Document.ToJsonString())), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailingEndpointIsPartialAndAMalformedOneIsNamed()
    {
        await using var fake = await FakeLiteLlm.StartAsync(keys: 1);
        fake.Routes["/team/list"] = _ => (403, """{"error":"forbidden"}""");
        fake.Routes["/guardrails/list"] = _ => (200, "<html>proxy error</html>");
        var r = await ScanAsync(fake);
        var health = r.Connectors.Single();
        Assert.Equal(ConnectorStatus.Partial, health.Status);
        Assert.Contains(health.FailedCalls, f => f.Operation == "litellm:/team/list" && f.Code == "access_denied");
        Assert.Contains(health.FailedCalls, f => f.Operation == "litellm:/guardrails/list" && f.Code == "malformed_answer");
        Assert.Contains(r.Assets, a => a.Kind == "route");
    }

    [Fact]
    public async Task APageThatDoesNotAdvanceIsAPaginationLoop()
    {
        await using var fake = await FakeLiteLlm.StartAsync(keys: 1);
        fake.Routes["/key/list"] = _ => (200, """{"keys":[{"token":"h","models":[]}],"total_count":9,"current_page":1,"total_pages":9}""");
        var r = await ScanAsync(fake);
        Assert.Contains(r.Connectors.Single().FailedCalls, f => f.Operation == "litellm:/key/list" && f.Code == "pagination_loop");
    }

    [Fact]
    public async Task AWrongOrMissingMasterKeyFailsTheConnectorOnly()
    {
        await using var fake = await FakeLiteLlm.StartAsync(keys: 1);
        var wrong = await ScanAsync(fake, key: "sk-wrong");
        Assert.Equal(ConnectorStatus.Failed, wrong.Connectors.Single().Status);
        Assert.All(wrong.Connectors.Single().FailedCalls, f => Assert.Equal("access_denied", f.Code));
        var missing = await ScanAsync(fake, key: null);
        Assert.Contains(missing.Connectors.Single().FailedCalls, f => f.Code == "no_credentials");
    }
}
