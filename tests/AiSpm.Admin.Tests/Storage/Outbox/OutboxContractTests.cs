using AiSpm.Admin.Correlation;
using AiSpm.Admin.Sinks;
using AiSpm.Admin.Storage;
using AiSpm.Admin.Storage.Outbox;
using AiSpm.Admin.Tests.Support;
using AiSpm.Contracts;

namespace AiSpm.Admin.Tests.Storage.Outbox;

/// <summary>
/// The outbox behaviour both stores must have: a finding change and its deliveries written together, one head per
/// finding in revision order, backoff, dead letters and their retry, stats, durability across a re-open.
/// </summary>
public abstract class OutboxContractTests : IAsyncLifetime
{
    private readonly string _name = "o" + Guid.NewGuid().ToString("N")[..12];
    private IAdminStore? _store;

    internal Correlator Correlator { get; } = new(new CorrelationOptions { EscalateAfter = 3 });

    /// <summary>"all" takes every change; "critical" only critical findings and no status changes.</summary>
    internal static SinkRouter Router { get; } = new(new SinksSettings
    {
        Sinks =
        [
            new SinkOptions { Name = "all", Type = SinkOptions.Webhook, Url = new Uri("http://127.0.0.1:9/") },
            new SinkOptions { Name = "critical", Type = SinkOptions.Webhook, Url = new Uri("http://127.0.0.1:9/"), MinSeverity = "critical", StatusChanges = false },
            new SinkOptions { Name = "off", Type = SinkOptions.Webhook, Url = new Uri("http://127.0.0.1:9/"), Enabled = false },
        ],
    });

    /// <summary>A store routing to <see cref="Router"/>; the same <paramref name="name"/> re-opens the same data.</summary>
    internal abstract IAdminStore CreateStore(string name);

    internal IAdminStore Store => _store ?? throw new InvalidOperationException("not initialized");

    internal IOutboxStore Outbox => (IOutboxStore)Store;

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

    private static DateTimeOffset Later => DateTimeOffset.UtcNow.AddMinutes(1);

    private Task<IReadOnlyList<OutboxDelivery>> Due(string sink = "all", DateTimeOffset? at = null) =>
        Outbox.ListDueAsync(sink, at ?? Later, 100, CancellationToken.None);

    private Task Ingest(params DetectionEvent[] events) => Store.IngestAsync(events, CancellationToken.None);

    private Task<FindingRecord?> SetStatus(string id, string status) =>
        Store.UpdateFindingStatusAsync(id, new FindingStatusChange(status, "alice", "checked", DateTimeOffset.UtcNow), CancellationToken.None);

    [Fact]
    public async Task ANewFindingQueuesOneDeliveryForEachSinkWhoseFiltersAcceptIt()
    {
        var e = Events.Make(1, key: "k1", severity: "high");
        await Ingest(e);
        var id = Correlator.FindingIdFor(e);

        var due = Assert.Single(await Due());
        Assert.Equal(id, due.FindingId);
        Assert.Equal(FindingChange.Created, due.Change);
        Assert.Equal(1, due.Revision);
        Assert.Equal(id + ".1.all", due.Id);
        Assert.Equal("high", due.Finding.Severity);
        Assert.Equal(0, due.Attempts);
        Assert.Empty(await Due("critical"));
        Assert.Empty(await Due("off"));
    }

    [Fact]
    public async Task MoreEventsThatChangeNothingASinkCaresAboutQueueNothing()
    {
        await Ingest(Events.Make(1, key: "k2"));
        await Ingest(Events.Make(2, key: "k2"));
        Assert.Single(await Due());
        Assert.Equal(1, (await Outbox.GetStatsAsync("all", CancellationToken.None)).Backlog);
    }

    [Fact]
    public async Task AFindingsChangesAreDueOneAtATimeInRevisionOrder()
    {
        var e = Events.Make(1, key: "k3");
        await Ingest(e);
        var id = Correlator.FindingIdFor(e);
        await SetStatus(id, FindingStatus.Acknowledged);
        await SetStatus(id, FindingStatus.Resolved);
        var other = Events.Make(5, key: "k3-other");
        await Ingest(other);

        var seen = new List<(string Change, long Revision, string Status)>();
        for (var i = 0; i < 10; i++)
        {
            var due = await Due();
            var mine = due.Where(d => d.FindingId == id).ToList();
            Assert.True(mine.Count <= 1, "at most one delivery of a finding is due at a time");
            if (due.Count == 0)
            {
                break;
            }

            foreach (var d in due)
            {
                if (d.FindingId == id)
                {
                    seen.Add((d.Change, d.Revision, d.Finding.Status));
                }

                await Outbox.CompleteAsync(d, DateTimeOffset.UtcNow, CancellationToken.None);
            }
        }

        Assert.Equal(
            [(FindingChange.Created, 1L, FindingStatus.Open), (FindingChange.StatusChanged, 2L, FindingStatus.Acknowledged), (FindingChange.StatusChanged, 3L, FindingStatus.Resolved)],
            seen);
        var stats = await Outbox.GetStatsAsync("all", CancellationToken.None);
        Assert.Equal(0, stats.Backlog);
        Assert.NotNull(stats.LastDeliveryAt);
    }

    [Fact]
    public async Task AnEscalationIsAChangeButOnlySinksAcceptingTheNewSeverityGetIt()
    {
        // EscalateAfter = 3: the third event raises high to critical.
        await Ingest(Events.Make(1, key: "k4"), Events.Make(2, key: "k4"));
        await Ingest(Events.Make(3, key: "k4"));
        var critical = Assert.Single(await Due("critical"));
        Assert.Equal(FindingChange.SeverityRaised, critical.Change);
        Assert.Equal("critical", critical.Finding.Severity);
        var all = await Outbox.GetStatsAsync("all", CancellationToken.None);
        Assert.Equal(2, all.Backlog);
    }

    [Fact]
    public async Task AFailedAttemptWaitsUntilItsRetryTimeAndHoldsBackTheFindingsLaterChanges()
    {
        var e = Events.Make(1, key: "k5");
        await Ingest(e);
        await SetStatus(Correlator.FindingIdFor(e), FindingStatus.Acknowledged);
        var now = DateTimeOffset.UtcNow;
        var first = Assert.Single(await Due(at: now));

        await Outbox.FailAsync(first, "HTTP 503", now, now.AddSeconds(30), dead: false, CancellationToken.None);

        Assert.Empty(await Due(at: now.AddSeconds(10)));
        var again = Assert.Single(await Due(at: now.AddSeconds(31)));
        Assert.Equal(first.Id, again.Id);
        Assert.Equal(1, again.Attempts);
        Assert.Equal("HTTP 503", again.LastError);
        var stats = await Outbox.GetStatsAsync("all", CancellationToken.None);
        Assert.Equal(2, stats.Backlog);
        Assert.Equal("HTTP 503", stats.LastError);
        Assert.NotNull(stats.LastErrorAt);
    }

    [Fact]
    public async Task ADeadLetterIsKeptListedAndRetriedWhileTheFindingsNextChangeGoesAhead()
    {
        var e = Events.Make(1, key: "k6");
        await Ingest(e);
        var id = Correlator.FindingIdFor(e);
        await SetStatus(id, FindingStatus.Resolved);
        var now = DateTimeOffset.UtcNow;
        var first = Assert.Single(await Due(at: now));

        await Outbox.FailAsync(first, "HTTP 500", now, now, dead: true, CancellationToken.None);

        var dead = Assert.Single(await Outbox.ListDeadLettersAsync("all", 100, CancellationToken.None));
        Assert.Equal(first.Id, dead.Id);
        Assert.True(dead.Dead);
        Assert.Equal(1, dead.Attempts);
        var next = Assert.Single(await Due(at: now.AddSeconds(1)));
        Assert.Equal(FindingChange.StatusChanged, next.Change);
        await Outbox.CompleteAsync(next, now, CancellationToken.None);
        var stats = await Outbox.GetStatsAsync("all", CancellationToken.None);
        Assert.Equal((0L, 1L), (stats.Backlog, stats.DeadLetters));

        Assert.Equal(1, await Outbox.RetryDeadLettersAsync("all", now.AddSeconds(2), CancellationToken.None));

        Assert.Empty(await Outbox.ListDeadLettersAsync("all", 100, CancellationToken.None));
        var retried = Assert.Single(await Due(at: now.AddSeconds(3)));
        Assert.Equal(first.Id, retried.Id);
        Assert.Equal(0, retried.Attempts);
        Assert.Equal(0, await Outbox.RetryDeadLettersAsync("all", now, CancellationToken.None));
    }

    [Fact]
    public async Task DeliveriesSurviveClosingAndReopeningTheStore()
    {
        await Ingest(Events.Make(1, key: "k7"));
        await Store.DisposeAsync();
        _store = CreateStore(_name);
        await _store.InitializeAsync(CancellationToken.None);

        Assert.Single(await Due());
    }

    [Fact]
    public async Task AStoreWithoutSinksQueuesNothingAndReportsEmptyStats()
    {
        var stats = await Outbox.GetStatsAsync("nobody", CancellationToken.None);
        Assert.Equal((0L, 0L, null, null), (stats.Backlog, stats.DeadLetters, stats.LastDeliveryAt, stats.LastError));
        Assert.Empty(await Outbox.ListDeadLettersAsync("nobody", 10, CancellationToken.None));
    }
}
