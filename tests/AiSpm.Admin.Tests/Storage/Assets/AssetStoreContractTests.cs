using System.Text.Json;
using System.Text.Json.Nodes;
using AiSpm.Admin.Storage.Assets;
using AiSpm.Scanner.Connectors;
using AiSpm.Scanner.Model;

namespace AiSpm.Admin.Tests.Storage.Assets;

/// <summary>
/// The behaviour every <see cref="IAssetStore"/> must have: assets, edges, change records, runs, connector health
/// and the scan lease. Each implementation runs this same suite through a subclass that says how to create a store.
/// </summary>
public abstract class AssetStoreContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly string _name = "a" + Guid.NewGuid().ToString("N")[..12];
    private IAssetStore? _store;

    internal IAssetStore Store => _store ?? throw new InvalidOperationException("not initialized");

    /// <summary>A new, empty store; calling it again with the same <paramref name="name"/> opens the same data.</summary>
    internal abstract IAssetStore CreateStore(string name);

    public async Task InitializeAsync()
    {
        _store = CreateStore(_name);
        await _store.InitializeAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    internal static Asset Make(string id, string kind = AssetKinds.Agent, string provider = Providers.Aws, string? owner = null,
        string? region = "us-east-1", string name = "", string strength = "HIGH") => new()
        {
            Id = id,
            Kind = kind,
            Provider = provider,
            Account = provider == Providers.Aws ? "123456789012" : null,
            Region = provider == Providers.Aws ? region : null,
            Name = name.Length > 0 ? name : id.Split('/')[^1],
            Owner = owner,
            Tags = new Dictionary<string, string> { ["env"] = "prod" },
            Document = new JsonObject { ["filters"] = new JsonArray(new JsonObject { ["type"] = "PROMPT_ATTACK", ["inputStrength"] = strength }) },
            Sources = [provider == Providers.Aws ? "aws" : "litellm"],
        };

    private async Task<ChangeSet> Rescan(IReadOnlyList<Asset> assets, IReadOnlyList<Edge> edges, string scanId, DateTimeOffset at)
    {
        var before = await Store.LoadSnapshotAsync(CancellationToken.None);
        var changes = ChangeDetector.Detect(before.Assets, before.Edges, assets, edges, scanId, at);
        await Store.ApplyAsync(changes, CancellationToken.None);
        return changes;
    }

    private static string Json(Asset a) => JsonSerializer.Serialize(a, AssetJsonContext.Default.Asset);

    private async Task<List<Asset>> All(AssetQuery q)
    {
        var all = new List<Asset>();
        string? cursor = null;
        do
        {
            var page = await Store.QueryAssetsAsync(q with { Cursor = cursor }, CancellationToken.None);
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return all;
    }

    [Fact]
    public async Task AFirstScanStoresEveryAssetAndEdgeAndTheyRoundTrip()
    {
        var agent = Make("arn:aws:bedrock:us-east-1:123456789012:agent/AG1", owner: "sales");
        var model = Make("arn:aws:bedrock:us-east-1::foundation-model/claude", AssetKinds.Model);
        var edge = new Edge(agent.Id, model.Id, EdgeTypes.UsesModel);

        var changes = await Rescan([agent, model], [edge], "s1", T0);

        Assert.Equal(2, changes.Upserts.Count);
        var snapshot = await Store.LoadSnapshotAsync(CancellationToken.None);
        Assert.Equal([agent.Id, model.Id], snapshot.Assets.Select(a => a.Id).Order(StringComparer.Ordinal));
        Assert.Equal([edge], snapshot.Edges);
        var stored = await Store.GetAssetAsync(agent.Id, CancellationToken.None);
        Assert.Equal(Json(agent with { FirstSeen = T0, LastSeen = T0 }), Json(stored!));
        Assert.Null(await Store.GetAssetAsync("arn:aws:bedrock:us-east-1:123456789012:agent/NOPE", CancellationToken.None));
    }

    [Fact]
    public async Task ARescanWithNothingChangedWritesNothing()
    {
        var agent = Make("arn:agent/AG1");
        await Rescan([agent], [], "s1", T0);

        var changes = await Rescan([agent], [], "s2", T0.AddMinutes(15));

        Assert.True(changes.IsEmpty);
        Assert.Empty(changes.Changes);
        var history = await Store.ChangesOfAsync(agent.Id, 10, CancellationToken.None);
        Assert.Single(history);
        Assert.Equal(ChangeKind.Added, history[0].Kind);
        Assert.Equal(T0, (await Store.GetAssetAsync(agent.Id, CancellationToken.None))!.LastSeen);
    }

    [Fact]
    public async Task AChangedFieldIsKeptAsAChangeRecordWithBeforeAndAfter()
    {
        var guardrail = Make("arn:guardrail/g1", AssetKinds.Guardrail, strength: "HIGH");
        await Rescan([guardrail], [], "s1", T0);

        await Rescan([guardrail with { Document = Make(guardrail.Id, strength: "LOW").Document }], [], "s2", T0.AddDays(1));

        var history = await Store.ChangesOfAsync(guardrail.Id, 10, CancellationToken.None);
        Assert.Equal(["s2", "s1"], history.Select(c => c.ScanId));
        var change = history[0];
        Assert.Equal(ChangeKind.Modified, change.Kind);
        Assert.Equal(T0.AddDays(1), change.At);
        var field = Assert.Single(change.Fields);
        Assert.Equal("document.filters[0].inputStrength", field.Path);
        Assert.Equal("HIGH", field.Before!.GetValue<string>());
        Assert.Equal("LOW", field.After!.GetValue<string>());
        var stored = (await Store.GetAssetAsync(guardrail.Id, CancellationToken.None))!;
        Assert.Equal(T0, stored.FirstSeen);
        Assert.Equal(T0.AddDays(1), stored.LastSeen);
        Assert.Equal("LOW", stored.Document["filters"]![0]!["inputStrength"]!.GetValue<string>());
        Assert.Single(await Store.ChangesOfAsync(guardrail.Id, 1, CancellationToken.None));
    }

    [Fact]
    public async Task RemovedAssetsAndEdgesAreDeletedAndRecorded()
    {
        var a = Make("arn:agent/A");
        var b = Make("arn:role/B", AssetKinds.Role);
        var c = Make("arn:model/C", AssetKinds.Model);
        await Rescan([a, b, c], [new(a.Id, b.Id, EdgeTypes.AssumesRole), new(a.Id, c.Id, EdgeTypes.UsesModel)], "s1", T0);

        await Rescan([a, c], [new(a.Id, c.Id, EdgeTypes.UsesModel)], "s2", T0.AddHours(1));

        Assert.Null(await Store.GetAssetAsync(b.Id, CancellationToken.None));
        Assert.Equal([new Edge(a.Id, c.Id, EdgeTypes.UsesModel)], await Store.EdgesOfAsync(a.Id, CancellationToken.None));
        Assert.Empty(await Store.EdgesOfAsync(b.Id, CancellationToken.None));
        Assert.Equal(ChangeKind.Removed, (await Store.ChangesOfAsync(b.Id, 10, CancellationToken.None))[0].Kind);
    }

    [Fact]
    public async Task EdgesOfAnAssetAreThoseFromAndToIt()
    {
        var agent = Make("arn:agent/A");
        var model = Make("arn:model/M", AssetKinds.Model);
        var role = Make("arn:role/R", AssetKinds.Role);
        var other = Make("arn:agent/B");
        Edge[] edges = [new(agent.Id, model.Id, EdgeTypes.UsesModel), new(agent.Id, role.Id, EdgeTypes.AssumesRole), new(other.Id, model.Id, EdgeTypes.UsesModel)];
        await Rescan([agent, model, role, other], edges, "s1", T0);

        Assert.Equal([edges[0], edges[1]], (await Store.EdgesOfAsync(agent.Id, CancellationToken.None)).OrderBy(e => e.To, StringComparer.Ordinal));
        Assert.Equal([edges[0], edges[2]], (await Store.EdgesOfAsync(model.Id, CancellationToken.None)).OrderBy(e => e.From, StringComparer.Ordinal));
        Assert.Equal([edges[1]], await Store.EdgesOfAsync(role.Id, CancellationToken.None));
    }

    [Fact]
    public async Task EveryFilterSelectsExactlyTheMatchingAssets()
    {
        Asset[] assets =
        [
            Make("arn:agent/rfp-qualifier", owner: "group-sales"),
            Make("arn:agent/banquet-planner", owner: "events", region: "eu-west-1"),
            Make("arn:guardrail/strict", AssetKinds.Guardrail, owner: "group-sales"),
            Make("litellm:key:sk-abc", AssetKinds.Key, Providers.LiteLlm, owner: "group-sales", name: "Sales-Bot"),
            Make("litellm:model:gpt-4o", AssetKinds.Model, Providers.LiteLlm),
        ];
        await Rescan(assets, [], "s1", T0);

        async Task<string[]> Ids(AssetQuery q) => [.. (await All(q with { Limit = 2 })).Select(a => a.Id)];

        Assert.Equal(assets.Select(a => a.Id).Order(StringComparer.Ordinal), await Ids(new AssetQuery()));
        Assert.Equal(["arn:agent/banquet-planner", "arn:agent/rfp-qualifier"], await Ids(new AssetQuery { Kind = AssetKinds.Agent }));
        Assert.Equal(["litellm:key:sk-abc", "litellm:model:gpt-4o"], await Ids(new AssetQuery { Provider = Providers.LiteLlm }));
        Assert.Equal(["arn:agent/banquet-planner"], await Ids(new AssetQuery { Region = "eu-west-1" }));
        Assert.Equal(["arn:agent/rfp-qualifier", "arn:guardrail/strict", "litellm:key:sk-abc"], await Ids(new AssetQuery { Team = "group-sales" }));
        Assert.Equal(["arn:agent/rfp-qualifier", "arn:guardrail/strict"], await Ids(new AssetQuery { Team = "group-sales", Account = "123456789012" }));
        Assert.Equal(["litellm:key:sk-abc"], await Ids(new AssetQuery { Text = "sales-BOT" }));
        Assert.Equal(["arn:agent/banquet-planner"], await Ids(new AssetQuery { Text = "BANQUET" }));
        Assert.Empty(await Ids(new AssetQuery { Text = "%" }));
        Assert.Empty(await Ids(new AssetQuery { Kind = AssetKinds.Workflow }));
    }

    [Fact]
    public async Task CursorPagingReturnsEveryAssetOnceInIdOrder()
    {
        var assets = Enumerable.Range(0, 23).Select(i => Make("arn:agent/a" + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        await Rescan(assets, [], "s1", T0);

        var first = await Store.QueryAssetsAsync(new AssetQuery { Limit = 10 }, CancellationToken.None);
        Assert.Equal(10, first.Items.Count);
        Assert.NotNull(first.NextCursor);
        var all = await All(new AssetQuery { Limit = 10 });
        Assert.Equal(assets.Select(a => a.Id), all.Select(a => a.Id));
        var exact = await Store.QueryAssetsAsync(new AssetQuery { Limit = 23 }, CancellationToken.None);
        Assert.Null(exact.NextCursor);
        await Assert.ThrowsAsync<ArgumentException>(() => Store.QueryAssetsAsync(new AssetQuery { Cursor = "not-a-cursor" }, CancellationToken.None));
    }

    [Fact]
    public async Task RunsAreListedNewestFirstAndARunIsReplacedWhenItEnds()
    {
        var r1 = new DiscoveryRun { Id = "r1", Trigger = "start", Connectors = ["aws"], Started = T0, Status = "running" };
        var r2 = new DiscoveryRun { Id = "r2", Trigger = "manual", Connectors = ["litellm"], Started = T0.AddMinutes(5), Status = "running" };
        await Store.PutRunAsync(r1, CancellationToken.None);
        await Store.PutRunAsync(r2, CancellationToken.None);
        await Store.PutRunAsync(r1 with
        {
            Status = "partial",
            Finished = T0.AddMinutes(1),
            Assets = 12,
            Added = 12,
            FailedCalls = [new FailedCall("bedrock:ListGuardrails", "access_denied", "AccessDeniedException")],
        }, CancellationToken.None);

        var runs = await Store.ListRunsAsync(10, CancellationToken.None);
        Assert.Equal(["r2", "r1"], runs.Select(r => r.Id));
        Assert.Equal("partial", runs[1].Status);
        Assert.Equal(12, runs[1].Assets);
        Assert.Equal("access_denied", Assert.Single(runs[1].FailedCalls).Code);
        Assert.Single(await Store.ListRunsAsync(1, CancellationToken.None));
    }

    [Fact]
    public async Task ConnectorHealthIsKeptPerConnector()
    {
        await Store.PutConnectorStateAsync(new ConnectorState { Name = "litellm", Type = "litellm", Status = "ok", LastRun = T0, LastSuccess = T0, Assets = 4 }, CancellationToken.None);
        await Store.PutConnectorStateAsync(new ConnectorState { Name = "aws", Type = "aws", Status = "failed", LastRun = T0, LastError = "sts: no credentials" }, CancellationToken.None);
        await Store.PutConnectorStateAsync(new ConnectorState { Name = "litellm", Type = "litellm", Status = "partial", LastRun = T0.AddMinutes(15), LastSuccess = T0, Assets = 3 }, CancellationToken.None);

        var states = await Store.ListConnectorStatesAsync(CancellationToken.None);
        Assert.Equal(["aws", "litellm"], states.Select(s => s.Name));
        Assert.Equal("sts: no credentials", states[0].LastError);
        Assert.Equal("partial", states[1].Status);
        Assert.Equal(T0, states[1].LastSuccess);
    }

    [Fact]
    public async Task TheLeaseIsHeldByOneOwnerUntilItExpiresOrIsReleased()
    {
        Assert.True(await Store.TryAcquireLeaseAsync("scan", "replica-a", T0, T0.AddMinutes(5), CancellationToken.None));
        Assert.False(await Store.TryAcquireLeaseAsync("scan", "replica-b", T0.AddMinutes(1), T0.AddMinutes(6), CancellationToken.None));
        // The holder renews.
        Assert.True(await Store.TryAcquireLeaseAsync("scan", "replica-a", T0.AddMinutes(2), T0.AddMinutes(7), CancellationToken.None));
        Assert.False(await Store.TryAcquireLeaseAsync("scan", "replica-b", T0.AddMinutes(6), T0.AddMinutes(11), CancellationToken.None));
        // Another lease name is independent.
        Assert.True(await Store.TryAcquireLeaseAsync("other", "replica-b", T0, T0.AddMinutes(5), CancellationToken.None));
        // Expired: taken over.
        Assert.True(await Store.TryAcquireLeaseAsync("scan", "replica-b", T0.AddMinutes(7), T0.AddMinutes(12), CancellationToken.None));
        // Releasing someone else's lease does nothing; releasing one's own frees it.
        await Store.ReleaseLeaseAsync("scan", "replica-a", CancellationToken.None);
        Assert.False(await Store.TryAcquireLeaseAsync("scan", "replica-a", T0.AddMinutes(8), T0.AddMinutes(13), CancellationToken.None));
        await Store.ReleaseLeaseAsync("scan", "replica-b", CancellationToken.None);
        Assert.True(await Store.TryAcquireLeaseAsync("scan", "replica-a", T0.AddMinutes(8), T0.AddMinutes(13), CancellationToken.None));
    }

    [Fact]
    public async Task ConcurrentLeaseAttemptsLetExactlyOneOwnerIn()
    {
        var attempts = Enumerable.Range(0, 8).Select(i =>
            Store.TryAcquireLeaseAsync("race", "replica-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), T0, T0.AddMinutes(5), CancellationToken.None));
        var results = await Task.WhenAll(attempts);
        Assert.Equal(1, results.Count(r => r));
    }

    [Fact]
    public async Task AssetsSurviveReopeningTheStore()
    {
        var agent = Make("arn:agent/A");
        await Rescan([agent], [new(agent.Id, "arn:model/M", EdgeTypes.UsesModel)], "s1", T0);
        await Store.DisposeAsync();
        var reopened = CreateStore(_name);
        await reopened.InitializeAsync(CancellationToken.None);
        try
        {
            Assert.NotNull(await reopened.GetAssetAsync(agent.Id, CancellationToken.None));
            Assert.Single((await reopened.LoadSnapshotAsync(CancellationToken.None)).Edges);
        }
        finally
        {
            await reopened.DisposeAsync();
        }

        _store = CreateStore(_name);
    }
}
