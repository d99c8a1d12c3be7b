using AiSpm.Admin.Discovery;
using AiSpm.Admin.Storage;
using AiSpm.Admin.Storage.Assets;
using AiSpm.Admin.Storage.Sqlite;
using AiSpm.Contracts;
using AiSpm.Fakes;
using AiSpm.Scanner.LiteLlm;
using AiSpm.Scanner.Model;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiSpm.Admin.Tests.Discovery;

/// <summary>
/// Runtime inventory: what the gateways see joins the asset store. A key or model a connector found becomes one asset
/// with both sources; one only the gateway saw is a gateway asset until a scan finds it, which folds it into the
/// connector's asset; steady traffic writes nothing; a key LiteLLM no longer lists goes, whoever saw it.
/// </summary>
public sealed class RuntimeInventoryTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "aispm-runtime-" + Guid.NewGuid().ToString("N")[..12]);
    private FakeLiteLlm _lite = null!;
    private SqliteAssetStore _store = null!;
    private ConnectorFactory _factory = null!;
    private DiscoverySettings _settings = null!;

    public async Task InitializeAsync()
    {
        _lite = await FakeLiteLlm.StartAsync(keys: 2);
        _settings = new DiscoverySettings
        {
            Connectors =
            [
                new DiscoveryConnectorSettings
                {
                    Name = "litellm",
                    Type = "litellm",
                    Interval = TimeSpan.FromMinutes(15),
                    LiteLlm = new LiteLlmSettings { Name = "litellm", BaseUrl = new Uri(_lite.Url), MasterKeyEnv = "RUNTIME_TEST_KEY" },
                },
            ],
            Environment = new Dictionary<string, string> { ["RUNTIME_TEST_KEY"] = FakeLiteLlm.MasterKey },
        };
        _factory = new ConnectorFactory(_settings);
        _store = new SqliteAssetStore(new StoreOptions { DataDirectory = _dir }, TimeProvider.System);
        await _store.InitializeAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        _factory.Dispose();
        await _store.DisposeAsync();
        await _lite.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task AKeyBothSawIsOneAssetWithBothSourcesAndAKeyOnlyTheGatewaySawIsFoldedInWhenAScanFindsIt()
    {
        var runner = new DiscoveryRunner(_store, _factory, _settings, TimeProvider.System, NullLogger<DiscoveryRunner>.Instance);
        var runtime = new RuntimeInventory(_store, TimeProvider.System);
        await runner.RunAsync(_settings.Connectors, "test", onlyIfDue: false, CancellationToken.None);
        var known = await Key("key-1");
        Assert.Equal(["litellm"], known.Sources);

        // key-1 is LiteLLM's; key-7 is unknown to it (yet); gpt-4o is a LiteLLM route; o3-mini is not.
        var first = await runtime.ObserveAsync("gw-a", [Summary("key-1", "gpt-4o", "sales"), Summary("key-7", "o3-mini", null)], CancellationToken.None);

        Assert.False(first.IsEmpty);
        Assert.Equal(["gateway", "litellm"], (await Key("key-1")).Sources);
        Assert.Equal(known.Id, (await Key("key-1")).Id);
        var ghost = await Key("key-7");
        Assert.Equal("gateway:key:key-7", ghost.Id);
        Assert.Equal(Providers.Gateway, ghost.Provider);
        var gateway = Assert.Single((await _store.QueryAssetsAsync(new AssetQuery { Kind = AssetKinds.Gateway, Provider = Providers.Gateway, Limit = 10 }, CancellationToken.None)).Items);
        Assert.Equal("gw-a", gateway.Name);
        var keyEdges = await _store.EdgesOfAsync(known.Id, CancellationToken.None);
        Assert.Contains(new Edge(known.Id, gateway.Id, EdgeTypes.AuthenticatesWith), keyEdges);
        var route = Assert.Single(keyEdges, e => e.Type == EdgeTypes.UsesModel && e.To.Contains("gpt-4o", StringComparison.Ordinal));
        Assert.StartsWith("litellm:", route.To, StringComparison.Ordinal);
        Assert.Contains(await _store.EdgesOfAsync(ghost.Id, CancellationToken.None), e => e.Type == EdgeTypes.UsesModel && e.To == "gateway:model:o3-mini");
        var changes = await _store.ChangesOfAsync(known.Id, 10, CancellationToken.None);
        Assert.Contains(changes, c => c.Kind == ChangeKind.Modified && c.Fields.Any(f => f.Path == "sources"));

        // The same traffic again writes nothing.
        Assert.True((await runtime.ObserveAsync("gw-a", [Summary("key-1", "gpt-4o", "sales"), Summary("key-7", "o3-mini", null)], CancellationToken.None)).IsEmpty);

        // A rescan keeps what the gateway saw: the sources and the observed edges.
        await runner.RunAsync(_settings.Connectors, "test", onlyIfDue: false, CancellationToken.None);
        Assert.Equal(["gateway", "litellm"], (await Key("key-1")).Sources);
        Assert.Contains(new Edge(known.Id, gateway.Id, EdgeTypes.AuthenticatesWith), await _store.EdgesOfAsync(known.Id, CancellationToken.None));
        Assert.Equal("gateway:key:key-7", (await Key("key-7")).Id);

        // LiteLLM now lists key-7 (key-2 disappears): the gateway asset folds into LiteLLM's, edges and all.
        var list = _lite.Routes["/key/list"];
        _lite.Routes["/key/list"] = request =>
        {
            var (status, body) = list(request);
            return (status, body.Replace("\"key-0\"", "\"key-7\"", StringComparison.Ordinal));
        };
        await runner.RunAsync(_settings.Connectors, "test", onlyIfDue: false, CancellationToken.None);

        var folded = await Key("key-7");
        Assert.StartsWith("litellm:", folded.Id, StringComparison.Ordinal);
        Assert.Equal(["gateway", "litellm"], folded.Sources);
        Assert.Null(await _store.GetAssetAsync("gateway:key:key-7", CancellationToken.None));
        Assert.Contains(await _store.EdgesOfAsync(folded.Id, CancellationToken.None), e => e.Type == EdgeTypes.UsesModel && e.To == "gateway:model:o3-mini");
    }

    private async Task<Asset> Key(string alias)
    {
        var page = await _store.QueryAssetsAsync(new AssetQuery { Kind = AssetKinds.Key, Limit = 100 }, CancellationToken.None);
        return Assert.Single(page.Items, a => a.Name == alias);
    }

    private static TrafficSummary Summary(string key, string model, string? team) => new()
    {
        Minute = new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero),
        Route = "/v1/chat/completions",
        Model = model,
        Key = key,
        Team = team,
        Requests = 3,
        Status2xx = 3,
    };
}
