using System.Net;
using System.Text.Json;
using AiSpm.Admin.Discovery;
using AiSpm.Admin.Storage.Assets;
using AiSpm.Admin.Tests.Support;
using AiSpm.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace AiSpm.Admin.Tests.Discovery;

/// <summary>
/// Discovery in the admin service over real sockets: the admin (in-process Kestrel) runs its LiteLLM and AWS
/// connectors against the fake LiteLLM proxy and the fake AWS endpoint (which checks every SigV4 signature and
/// validates its answers against botocore's models), stores the graph and serves it.
/// </summary>
public sealed class DiscoveryApiTests : IAsyncLifetime
{
    private static readonly string Acct = FakeEstate.Account;
    private static readonly string Agent1 = "arn:aws:bedrock:us-east-1:" + Acct + ":agent/AG1";
    private static readonly string Guardrail = "arn:aws:bedrock:us-east-1:" + Acct + ":guardrail/g1";

    private FakeAws _aws = null!;
    private FakeLiteLlm _lite = null!;

    public async Task InitializeAsync()
    {
        _aws = await FakeAws.StartAsync();
        FakeEstate.Configure(_aws);
        _lite = await FakeLiteLlm.StartAsync(keys: 3);
    }

    public async Task DisposeAsync()
    {
        await _aws.DisposeAsync();
        await _lite.DisposeAsync();
    }

    private Task<AdminServer> StartAdminAsync(bool runAtStart = false, string liteKey = FakeLiteLlm.MasterKey) => AdminServer.StartAsync(new()
    {
        ["discovery:runAtStart"] = runAtStart ? "true" : "false",
        ["discovery:connectors:0:name"] = "litellm",
        ["discovery:connectors:0:type"] = "litellm",
        ["discovery:connectors:0:baseUrl"] = _lite.Url,
        ["discovery:connectors:0:masterKeyEnv"] = "TEST_LITELLM_KEY",
        ["discovery:connectors:1:name"] = "aws",
        ["discovery:connectors:1:type"] = "aws",
        ["discovery:connectors:1:regions"] = FakeEstate.Region,
        ["discovery:environment:TEST_LITELLM_KEY"] = liteKey,
        ["discovery:environment:AWS_ENDPOINT_URL"] = _aws.Url,
        ["discovery:environment:AWS_ACCESS_KEY_ID"] = FakeAws.AccessKey,
        ["discovery:environment:AWS_SECRET_ACCESS_KEY"] = FakeAws.SecretKey,
    });

    private static async Task<JsonElement> RunAsync(HttpClient admin, string query = "")
    {
        var response = await admin.PostAsync("/spm/api/discovery/run" + query, null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Http.JsonAsync(response);
    }

    private static async Task<List<JsonElement>> AllAssetsAsync(HttpClient http, string filter = "")
    {
        var all = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var url = "/spm/api/assets?limit=7" + filter + (cursor is null ? "" : "&cursor=" + cursor);
            var page = await Http.JsonAsync(await http.GetAsync(url));
            all.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.TryGetProperty("nextCursor", out var c) ? c.GetString() : null;
        }
        while (cursor is not null);
        return all;
    }

    [Fact]
    public async Task ARunOnDemandStoresBothConnectorsAssetsAndTheApiServesThem()
    {
        await using var server = await StartAdminAsync();
        using var admin = server.Client(server.LocalToken);

        var run = await RunAsync(admin);

        Assert.Equal("ok", run.GetProperty("status").GetString());
        Assert.Equal("manual", run.GetProperty("trigger").GetString());
        Assert.Empty(_aws.SignatureErrors);
        Assert.Empty(_aws.ShapeErrors);
        var assets = await AllAssetsAsync(admin);
        Assert.Equal(run.GetProperty("added").GetInt32(), assets.Count);
        var kinds = assets.Select(a => a.GetProperty("kind").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "agent", "guardrail", "knowledge_base", "action_group", "role", "function", "key", "team", "model" }, kinds);
        Assert.Contains(assets, a => a.GetProperty("provider").GetString() == "litellm" && a.GetProperty("kind").GetString() == "key");

        var agents = await AllAssetsAsync(admin, "&kind=agent&provider=aws");
        Assert.Equal([Agent1, "arn:aws:bedrock:us-east-1:" + Acct + ":agent/AG2"], agents.Select(a => a.GetProperty("id").GetString()));
        Assert.Single(await AllAssetsAsync(admin, "&q=PLANNER"));

        // An ARN holds slashes: the id may be sent escaped or as it is.
        foreach (var path in (string[])["/spm/api/assets/" + Uri.EscapeDataString(Agent1), "/spm/api/assets/" + Agent1])
        {
            var detail = await Http.JsonAsync(await admin.GetAsync(path));
            Assert.Equal(Agent1, detail.GetProperty("asset").GetProperty("id").GetString());
            Assert.Contains(detail.GetProperty("edgesOut").EnumerateArray(), e => e.GetProperty("type").GetString() == "has_guardrail" && e.GetProperty("to").GetString() == Guardrail);
            Assert.Equal("added", detail.GetProperty("changes")[0].GetProperty("kind").GetString());
        }

        var graph = await Http.JsonAsync(await admin.GetAsync("/spm/api/graph?depth=1&root=" + Uri.EscapeDataString(Agent1)));
        var edgeTypes = graph.GetProperty("edges").EnumerateArray()
            .Where(e => e.GetProperty("from").GetString() == Agent1).Select(e => e.GetProperty("type").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "has_guardrail", "reads_knowledge_base", "assumes_role" }, edgeTypes);
        Assert.All(graph.GetProperty("edges").EnumerateArray(), e => Assert.Contains(graph.GetProperty("nodes").EnumerateArray(), n => n.GetProperty("id").GetString() == e.GetProperty("to").GetString()));

        var whole = await Http.JsonAsync(await admin.GetAsync("/spm/api/graph"));
        Assert.Equal(assets.Count, whole.GetProperty("nodes").GetArrayLength());
        Assert.False(whole.GetProperty("truncated").GetBoolean());
        var capped = await Http.JsonAsync(await admin.GetAsync("/spm/api/graph?limit=3"));
        Assert.Equal(3, capped.GetProperty("nodes").GetArrayLength());
        Assert.True(capped.GetProperty("truncated").GetBoolean());

        var runs = await Http.JsonAsync(await admin.GetAsync("/spm/api/discovery/runs"));
        Assert.Equal(run.GetProperty("id").GetString(), runs.GetProperty("items")[0].GetProperty("id").GetString());
        var connectors = await Http.JsonAsync(await admin.GetAsync("/spm/api/discovery/connectors"));
        Assert.Equal(["litellm:ok", "aws:ok"], connectors.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("name").GetString() + ":" + c.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task AKeyAssetShowsTheFindingsOfItsAlias()
    {
        await using var server = await StartAdminAsync();
        using var admin = server.Client(server.LocalToken);
        using var gateway = server.Client(AdminServer.GatewayToken);
        await RunAsync(admin);
        var ingest = await gateway.PostAsync("/spm/api/events:batch", Http.Json(Http.BatchJson(Events.Make(1, key: "key-1"), Events.Make(2, key: "key-2", team: null))));
        Assert.Equal(HttpStatusCode.OK, ingest.StatusCode);

        var key = (await AllAssetsAsync(admin, "&kind=key&q=key-1")).Single();
        var detail = await Http.JsonAsync(await admin.GetAsync("/spm/api/assets/" + Uri.EscapeDataString(key.GetProperty("id").GetString()!)));
        var finding = Assert.Single(detail.GetProperty("findings").EnumerateArray());
        Assert.Equal("key-1", finding.GetProperty("keyAlias").GetString());

        var model = (await AllAssetsAsync(admin, "&kind=route&q=gpt-4o")).First();
        var modelDetail = await Http.JsonAsync(await admin.GetAsync("/spm/api/assets/" + Uri.EscapeDataString(model.GetProperty("id").GetString()!)));
        Assert.Equal(2, modelDetail.GetProperty("findings").GetArrayLength());
        var agent = await Http.JsonAsync(await admin.GetAsync("/spm/api/assets/" + Uri.EscapeDataString(Agent1)));
        Assert.Empty(agent.GetProperty("findings").EnumerateArray());
    }

    [Fact]
    public async Task ARescanWritesOnlyWhatChangedAndKeepsTheChange()
    {
        await using var server = await StartAdminAsync();
        using var admin = server.Client(server.LocalToken);
        await RunAsync(admin);

        var same = await RunAsync(admin);
        Assert.Equal((0, 0, 0), (same.GetProperty("added").GetInt32(), same.GetProperty("modified").GetInt32(), same.GetProperty("removed").GetInt32()));

        // The guardrail's draft weakens its prompt-attack filter from LOW to NONE.
        _aws.On("bedrock:GetGuardrail", call => FakeAnswer.Ok($$"""
            {"name":"strict","guardrailId":"g1","guardrailArn":"{{Guardrail}}","version":"{{call.Str("guardrailVersion")}}","status":"READY",
             "contentPolicy":{"filters":[{"type":"PROMPT_ATTACK","inputStrength":"{{(call.Str("guardrailVersion") == "1" ? "HIGH" : "NONE")}}","outputStrength":"NONE"}]},
             "createdAt":1740823200,"updatedAt":1740823200,"blockedInputMessaging":"no","blockedOutputsMessaging":"no"}
            """));
        var changed = await RunAsync(admin, "?connector=aws");
        Assert.Equal(1, changed.GetProperty("modified").GetInt32());
        Assert.Equal(0, changed.GetProperty("added").GetInt32() + changed.GetProperty("removed").GetInt32());
        Assert.Equal(["aws"], changed.GetProperty("connectors").EnumerateArray().Select(c => c.GetString()));

        var detail = await Http.JsonAsync(await admin.GetAsync("/spm/api/assets/" + Uri.EscapeDataString(Guardrail)));
        var change = detail.GetProperty("changes")[0];
        Assert.Equal("modified", change.GetProperty("kind").GetString());
        Assert.Equal(changed.GetProperty("id").GetString(), change.GetProperty("scanId").GetString());
        var field = Assert.Single(change.GetProperty("fields").EnumerateArray(), f => f.GetProperty("path").GetString() == "document.contentPolicy.filters[0].inputStrength");
        Assert.Equal("LOW", field.GetProperty("before").GetString());
        Assert.Equal("NONE", field.GetProperty("after").GetString());

        // An AWS-only run kept the LiteLLM assets.
        Assert.NotEmpty(await AllAssetsAsync(admin, "&provider=litellm"));
    }

    [Fact]
    public async Task AFailingConnectorNeverFailsTheScanAndKeepsItsEarlierAssets()
    {
        await using var server = await StartAdminAsync();
        using var admin = server.Client(server.LocalToken);
        await RunAsync(admin);
        var liteAssets = (await AllAssetsAsync(admin, "&provider=litellm")).Count;

        foreach (var route in _lite.Routes.Keys.ToArray())
        {
            _lite.Routes[route] = _ => (500, "<html>Internal Server Error</html>");
        }

        var run = await RunAsync(admin);
        Assert.Equal("partial", run.GetProperty("status").GetString());
        Assert.Equal(0, run.GetProperty("removed").GetInt32());
        Assert.NotEmpty(run.GetProperty("failedCalls").EnumerateArray());
        Assert.Equal(liteAssets, (await AllAssetsAsync(admin, "&provider=litellm")).Count);
        Assert.NotEmpty(await AllAssetsAsync(admin, "&kind=agent"));

        var connectors = (await Http.JsonAsync(await admin.GetAsync("/spm/api/discovery/connectors"))).GetProperty("items").EnumerateArray().ToArray();
        var lite = connectors.Single(c => c.GetProperty("name").GetString() == "litellm");
        Assert.Equal("failed", lite.GetProperty("status").GetString());
        Assert.True(lite.TryGetProperty("lastError", out _));
        Assert.True(lite.TryGetProperty("lastSuccess", out _), "the last success of the earlier run is kept");
        Assert.Equal("ok", connectors.Single(c => c.GetProperty("name").GetString() == "aws").GetProperty("status").GetString());
    }

    [Fact]
    public async Task ARunWhileAnotherReplicaHoldsTheLeaseIsRefused()
    {
        await using var server = await StartAdminAsync();
        using var admin = server.Client(server.LocalToken);
        var store = server.Services.GetRequiredService<IAssetStore>();
        var now = DateTimeOffset.UtcNow;
        Assert.True(await store.TryAcquireLeaseAsync(DiscoveryRunner.LeaseName, "other-replica", now, now.AddMinutes(5), CancellationToken.None));

        var response = await admin.PostAsync("/spm/api/discovery/run", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Empty(_aws.Calls);
        await store.ReleaseLeaseAsync(DiscoveryRunner.LeaseName, "other-replica", CancellationToken.None);
        await RunAsync(admin);
    }

    [Fact]
    public async Task DiscoveryRunsAtStart()
    {
        await using var server = await StartAdminAsync(runAtStart: true);
        using var admin = server.Client(server.LocalToken);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        JsonElement runs;
        do
        {
            await Task.Delay(100, timeout.Token);
            runs = (await Http.JsonAsync(await admin.GetAsync("/spm/api/discovery/runs", timeout.Token))).GetProperty("items");
        }
        while (runs.GetArrayLength() == 0 || runs[0].GetProperty("status").GetString() == "running");

        Assert.Equal("start", runs[0].GetProperty("trigger").GetString());
        Assert.Equal("ok", runs[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task BadRequestsAndMissingAuthAreRefused()
    {
        await using var server = await StartAdminAsync();
        using var admin = server.Client(server.LocalToken);
        using var anonymous = server.Client(null);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/spm/api/discovery/run", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/spm/api/assets")).StatusCode);
        Assert.Contains("connector", (await Http.ProblemErrorsAsync(await admin.PostAsync("/spm/api/discovery/run?connector=nope", null))).Keys);
        Assert.Contains("kind", (await Http.ProblemErrorsAsync(await admin.GetAsync("/spm/api/assets?kind=spaceship"))).Keys);
        Assert.Contains("cursor", (await Http.ProblemErrorsAsync(await admin.GetAsync("/spm/api/assets?cursor=abc"))).Keys);
        Assert.Contains("depth", (await Http.ProblemErrorsAsync(await admin.GetAsync("/spm/api/graph?depth=99"))).Keys);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/spm/api/assets/arn:aws:bedrock:us-east-1:1:agent/none")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/spm/api/graph?root=nope")).StatusCode);
        var connectors = await Http.JsonAsync(await admin.GetAsync("/spm/api/discovery/connectors"));
        Assert.All(connectors.GetProperty("items").EnumerateArray(), c => Assert.Equal("pending", c.GetProperty("status").GetString()));
    }

    [Fact]
    public void ABadDiscoverySectionStopsStartWithEveryError()
    {
        var e = Assert.Throws<InvalidOperationException>(() => AiSpm.Admin.Hosting.AdminApp.Build([], new Dictionary<string, string?>
        {
            ["listen"] = "http://127.0.0.1:0",
            ["discovery:connectors:0:type"] = "litellm",
            ["discovery:connectors:0:name"] = "x",
            ["discovery:connectors:1:type"] = "aws",
            ["discovery:connectors:1:name"] = "y",
            ["discovery:connectors:1:services"] = "bedrock,dynamodb",
            ["discovery:connectors:2:type"] = "gcp",
            ["discovery:intervalMinutes"] = "0",
        }));
        Assert.Contains("discovery:connectors:0:baseUrl", e.Message, StringComparison.Ordinal);
        Assert.Contains("unknown service 'dynamodb'", e.Message, StringComparison.Ordinal);
        Assert.Contains("discovery:connectors:2:type", e.Message, StringComparison.Ordinal);
        Assert.Contains("discovery:intervalMinutes", e.Message, StringComparison.Ordinal);
    }
}
