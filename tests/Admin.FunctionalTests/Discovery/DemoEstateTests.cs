using System.Net;
using System.Text.Json;
using AiSpm.Admin.FunctionalTests.EndToEnd;
using AiSpm.Admin.FunctionalTests.Support;

namespace AiSpm.Admin.FunctionalTests.Discovery;

/// <summary>
/// What ./aispm up shows a newcomer: the demo estate (the FAKE AWS endpoint and FAKE LiteLLM proxy of
/// tests/AiSpm.DemoEstate, holding config/hospitality-group-sales.example.json) and the admin service as real
/// processes; the admin's connectors reach the fake through AWS_ENDPOINT_URL and dummy credentials.
/// </summary>
public sealed class DemoEstateTests
{
    private const string Account = "210987654321";
    private static readonly string Pricing = "arn:aws:bedrock:us-east-1:" + Account + ":agent/PRICINGAG1";
    private static readonly string Rfp = "arn:aws:bedrock:us-east-1:" + Account + ":agent/RFPQUALIFY";

    [Fact]
    public async Task DiscoveryOfTheDemoEstateGivesTwelveKindsAndConnectsAgentsToTheirDependencies()
    {
        var estateFile = Path.Combine(RepoPaths.Root, "config", "hospitality-group-sales.example.json");
        await using var estate = await ChildProcess.StartAsync("dotnet", [GatewayAdminEndToEndTests.Bin("tests", "AiSpm.DemoEstate"), "--estate", estateFile], "demo-estate");
        var liteUrl = estate.Output.Split('\n').Single(l => l.StartsWith("demo-estate-litellm: ", StringComparison.Ordinal))["demo-estate-litellm: ".Length..].Trim();
        var temporalAddress = estate.Output.Split('\n').Single(l => l.StartsWith("demo-estate-temporal: ", StringComparison.Ordinal))["demo-estate-temporal: ".Length..].Trim();
        using var dir = new TempDir();
        await using var admin = await AdminProcess.StartAsync(AdminProcess.FreePort(), dir.Sub("admin"),
            "--discovery:runAtStart=false",
            "--discovery:connectors:0:name=litellm",
            "--discovery:connectors:0:type=litellm",
            "--discovery:connectors:0:baseUrl=" + liteUrl,
            "--discovery:connectors:1:name=aws",
            "--discovery:connectors:1:type=aws",
            "--discovery:connectors:1:regions=us-east-1,eu-west-1",
            "--discovery:connectors:2:name=temporal",
            "--discovery:connectors:2:type=temporal",
            "--discovery:connectors:2:address=" + temporalAddress,
            "--discovery:connectors:2:namespace=group-sales",
            "--discovery:connectors:2:tls=false",
            "--discovery:environment:AWS_ENDPOINT_URL=" + estate.BaseUrl,
            "--discovery:environment:AWS_ACCESS_KEY_ID=AKIDFAKEFORTESTS",
            "--discovery:environment:AWS_SECRET_ACCESS_KEY=fake/secret/for/signature/checks",
            "--discovery:environment:LITELLM_MASTER_KEY=sk-fake-master-key");
        using var http = admin.Client();

        var runResponse = await http.PostAsync("/spm/api/discovery/run", null);
        Assert.Equal(HttpStatusCode.OK, runResponse.StatusCode);
        using var run = JsonDocument.Parse(await runResponse.Content.ReadAsStringAsync());
        Assert.True(run.RootElement.GetProperty("status").GetString() == "ok", run.RootElement.ToString());

        var assets = new List<JsonElement>();
        string? cursor = null;
        do
        {
            using var page = JsonDocument.Parse(await http.GetStringAsync("/spm/api/assets?limit=50" + (cursor is null ? "" : "&cursor=" + cursor)));
            assets.AddRange(page.RootElement.GetProperty("items").EnumerateArray().Select(e => e.Clone()));
            cursor = page.RootElement.TryGetProperty("nextCursor", out var c) ? c.GetString() : null;
        }
        while (cursor is not null);
        var kinds = assets.Select(a => a.GetProperty("kind").GetString()).Distinct().ToArray();
        Assert.True(kinds.Length >= 12, "kinds: " + string.Join(", ", kinds));

        // The pricing agent: its model, its (weak) guardrail, its role and the action groups that reach payments.
        var pricing = await GraphAsync(http, Pricing);
        Assert.Contains(("uses_model", "model"), pricing);
        Assert.Contains(("has_guardrail", "guardrail"), pricing);
        Assert.Contains(("assumes_role", "role"), pricing);
        Assert.Contains(("has_action_group", "action_group"), pricing);
        var rfp = await GraphAsync(http, Rfp);
        Assert.Contains(("reads_knowledge_base", "knowledge_base"), rfp);

        // The group-sales workflow, read from the FAKE Temporal frontend by the real Temporalio client, orchestrates the
        // three agents its steps invoke.
        var workflow = assets.Single(a => a.GetProperty("kind").GetString() == "workflow");
        Assert.Equal("temporal:workflow:group-sales/group-rfp-to-contract", workflow.GetProperty("id").GetString());
        Assert.Equal(2, workflow.GetProperty("document").GetProperty("executions").GetProperty("running").GetInt32());
        var orchestrated = await GraphAsync(http, workflow.GetProperty("id").GetString()!);
        Assert.Equal(3, orchestrated.Count(e => e == ("orchestrates", "agent")));

        // The estate's planted weaknesses are in the documents: a LOW prompt-attack filter, logging off in one region.
        var weak = assets.Single(a => a.GetProperty("kind").GetString() == "guardrail" && a.GetProperty("name").GetString() == "pricing-basic");
        Assert.Contains("\"inputStrength\":\"LOW\"", weak.GetProperty("document").GetRawText(), StringComparison.Ordinal);
        var logging = assets.Where(a => a.GetProperty("kind").GetString() == "invocation_logging").ToDictionary(a => a.GetProperty("region").GetString()!);
        Assert.Equal(JsonValueKind.Object, logging["us-east-1"].GetProperty("document").GetProperty("loggingConfig").ValueKind);
        Assert.False(logging["eu-west-1"].GetProperty("document").TryGetProperty("loggingConfig", out var off) && off.ValueKind == JsonValueKind.Object);
        Assert.DoesNotContain("does not match the model", estate.Output, StringComparison.Ordinal);
    }

    /// <summary>The root's edges at depth 1, as (edge type, kind of the asset at the other end).</summary>
    private static async Task<List<(string?, string?)>> GraphAsync(HttpClient http, string root)
    {
        using var graph = JsonDocument.Parse(await http.GetStringAsync("/spm/api/graph?depth=1&root=" + Uri.EscapeDataString(root)));
        var kindOf = graph.RootElement.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("id").GetString()!, n => n.GetProperty("kind").GetString());
        return [.. graph.RootElement.GetProperty("edges").EnumerateArray()
            .Where(e => e.GetProperty("from").GetString() == root)
            .Select(e => (e.GetProperty("type").GetString(), kindOf[e.GetProperty("to").GetString()!]))];
    }
}
