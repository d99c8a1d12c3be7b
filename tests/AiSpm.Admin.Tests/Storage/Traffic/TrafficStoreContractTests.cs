using AiSpm.Admin.Storage.Traffic;
using AiSpm.Contracts;

namespace AiSpm.Admin.Tests.Storage.Traffic;

/// <summary>The behaviour every <see cref="ITrafficStore"/> must have; each implementation runs it through a subclass.</summary>
public abstract class TrafficStoreContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 23, 58, 0, TimeSpan.Zero);
    private readonly string _name = "t" + Guid.NewGuid().ToString("N")[..12];
    private ITrafficStore? _store;

    internal ITrafficStore Store => _store ?? throw new InvalidOperationException("not initialized");

    internal abstract ITrafficStore CreateStore(string name);

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

    private static TrafficSummary Row(int minute, string key = "sales-key", string? model = "gpt-4o", long requests = 10) => new()
    {
        Minute = T0.AddMinutes(minute),
        Route = "chat_completions",
        Model = model,
        Key = key,
        Team = "sales",
        Requests = requests,
        Status2xx = requests - 1,
        Blocked = 1,
        Status4xx = 1,
        TokensIn = 100 * requests,
        TokensOut = 50 * requests,
        LatencyP50Ms = 25,
        LatencyP95Ms = 100,
        LatencyP99Ms = 250,
        LatencyMaxMs = 240.5,
        WithTraceparent = requests / 2,
    };

    [Fact]
    public async Task SummariesComeBackInTheirWindowOldestFirstAcrossADayBoundary()
    {
        // 23:58, 23:59, 00:00 and 00:01: the window spans two UTC days (two partitions on DynamoDB).
        await Store.PutAsync("gw-a", [Row(3), Row(0), Row(1), Row(2)], CancellationToken.None);
        var all = await Store.QueryAsync(new TrafficQuery { From = T0, To = T0.AddMinutes(4) }, CancellationToken.None);
        Assert.Equal([T0, T0.AddMinutes(1), T0.AddMinutes(2), T0.AddMinutes(3)], all.Select(r => r.Summary.Minute));
        Assert.Equal(Row(0), all[0].Summary);
        Assert.Equal("gw-a", all[0].GatewayId);
        var window = await Store.QueryAsync(new TrafficQuery { From = T0.AddMinutes(1), To = T0.AddMinutes(3) }, CancellationToken.None);
        Assert.Equal([T0.AddMinutes(1), T0.AddMinutes(2)], window.Select(r => r.Summary.Minute));
    }

    [Fact]
    public async Task ASummarySentAgainReplacesItselfAndGatewaysAreKeptApart()
    {
        await Store.PutAsync("gw-a", [Row(0, requests: 10)], CancellationToken.None);
        await Store.PutAsync("gw-a", [Row(0, requests: 12)], CancellationToken.None);
        await Store.PutAsync("gw-b", [Row(0, requests: 3)], CancellationToken.None);
        var rows = await Store.QueryAsync(new TrafficQuery { From = T0, To = T0.AddMinutes(1) }, CancellationToken.None);
        Assert.Equal(2, rows.Count);
        Assert.Equal(12, rows.Single(r => r.GatewayId == "gw-a").Summary.Requests);
        Assert.Equal(3, rows.Single(r => r.GatewayId == "gw-b").Summary.Requests);
    }

    [Fact]
    public async Task FiltersAndTheLimitApply()
    {
        await Store.PutAsync("gw-a", [Row(0, "sales-key"), Row(0, "ops-key"), Row(0, "sales-key", model: null), Row(1, "sales-key")], CancellationToken.None);
        var sales = await Store.QueryAsync(new TrafficQuery { From = T0, To = T0.AddMinutes(2), Key = "sales-key" }, CancellationToken.None);
        Assert.Equal(3, sales.Count);
        Assert.All(sales, r => Assert.Equal("sales-key", r.Summary.Key));
        var model = await Store.QueryAsync(new TrafficQuery { From = T0, To = T0.AddMinutes(2), Model = "gpt-4o", Key = "sales-key" }, CancellationToken.None);
        Assert.Equal(2, model.Count);
        Assert.Null((await Store.QueryAsync(new TrafficQuery { From = T0, To = T0.AddMinutes(2), Key = "sales-key", Model = null }, CancellationToken.None))
            .Single(r => r.Summary.Model is null && r.Summary.Minute == T0).Summary.Model);
        var limited = await Store.QueryAsync(new TrafficQuery { From = T0, To = T0.AddMinutes(2), Limit = 2 }, CancellationToken.None);
        Assert.Equal(2, limited.Count);
        Assert.Empty(await Store.QueryAsync(new TrafficQuery { From = T0, To = T0.AddMinutes(2), Team = "finance" }, CancellationToken.None));
    }

    [Fact]
    public async Task ABatchLargerThanOneWriteIsStoredWhole()
    {
        var rows = Enumerable.Range(0, 60).Select(i => Row(i % 3, "key" + new string('x', i % 7) + (char)('a' + (i / 3)))).ToList();
        await Store.PutAsync("gw-a", rows, CancellationToken.None);
        var back = await Store.QueryAsync(new TrafficQuery { From = T0, To = T0.AddMinutes(3) }, CancellationToken.None);
        Assert.Equal(60, back.Count);
    }
}
