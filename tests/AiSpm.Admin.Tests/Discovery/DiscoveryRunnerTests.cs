using AiSpm.Admin.Discovery;
using AiSpm.Admin.Storage;
using AiSpm.Admin.Storage.Sqlite;
using AiSpm.Fakes;
using AiSpm.Scanner.LiteLlm;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiSpm.Admin.Tests.Discovery;

/// <summary>Two admin replicas (two runners) sharing one store: a scan runs once.</summary>
public sealed class DiscoveryRunnerTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "aispm-runner-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly ManualTime _time = new();
    private FakeLiteLlm _lite = null!;
    private SqliteAssetStore _store = null!;
    private ConnectorFactory _factory = null!;
    private DiscoverySettings _settings = null!;

    private sealed class ManualTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

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
                    LiteLlm = new LiteLlmSettings { Name = "litellm", BaseUrl = new Uri(_lite.Url), MasterKeyEnv = "RUNNER_TEST_KEY" },
                },
            ],
            Environment = new Dictionary<string, string> { ["RUNNER_TEST_KEY"] = FakeLiteLlm.MasterKey },
        };
        _factory = new ConnectorFactory(_settings);
        _store = new SqliteAssetStore(new StoreOptions { DataDirectory = _dir }, _time);
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

    private DiscoveryRunner Replica() => new(_store, _factory, _settings, _time, NullLogger<DiscoveryRunner>.Instance);

    [Fact]
    public async Task WhileOneReplicaScansAnotherCannotStartAScan()
    {
        using var inside = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var original = _lite.Routes["/model/info"];
        _lite.Routes["/model/info"] = request =>
        {
            inside.Set();
            release.Wait(TimeSpan.FromSeconds(30));
            return original(request);
        };
        var a = Replica();
        var b = Replica();

        var first = Task.Run(() => a.RunAsync(_settings.Connectors, "manual", onlyIfDue: false, CancellationToken.None));
        Assert.True(inside.Wait(TimeSpan.FromSeconds(30)), "the first scan never reached LiteLLM");
        var second = await b.RunAsync(_settings.Connectors, "manual", onlyIfDue: false, CancellationToken.None);
        release.Set();
        var run = await first;

        Assert.Null(second);
        Assert.NotNull(run);
        Assert.Equal("ok", run.Status);
        Assert.Single(await _store.ListRunsAsync(10, CancellationToken.None));
        // The lease was given back: the other replica can scan now.
        Assert.NotNull(await b.RunAsync(_settings.Connectors, "manual", onlyIfDue: false, CancellationToken.None));
    }

    [Fact]
    public async Task AScheduledRunSkipsAConnectorAnotherReplicaRanWithinItsInterval()
    {
        var a = Replica();
        var b = Replica();
        Assert.NotNull(await a.RunAsync(_settings.Connectors, "start", onlyIfDue: false, CancellationToken.None));
        var calls = _lite.Calls.Count;

        _time.Now += TimeSpan.FromMinutes(5);
        Assert.Null(await b.RunAsync(_settings.Connectors, "schedule", onlyIfDue: true, CancellationToken.None));
        Assert.Equal(calls, _lite.Calls.Count);

        _time.Now += TimeSpan.FromMinutes(10);
        var run = await b.RunAsync(_settings.Connectors, "schedule", onlyIfDue: true, CancellationToken.None);
        Assert.NotNull(run);
        Assert.Equal("schedule", run.Trigger);
        Assert.True(_lite.Calls.Count > calls);
        Assert.Equal(0, run.Added + run.Modified + run.Removed);
    }
}
