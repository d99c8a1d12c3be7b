using System.Net;
using AiSpm.Contracts;
using AiSpm.Gateway.Events;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiSpm.Gateway.Tests.Events;

/// <summary>
/// The hand-off against the admin's per-event ingest contract: an accepted batch may list rejected events (counted as
/// rejected, the rest as delivered, nothing retried), a 413 splits the batch instead of dropping it, 400 is final.
/// </summary>
public sealed class EventHandoffTests : IDisposable
{
    private readonly string _spool = Path.Combine(Path.GetTempPath(), "aispm-handoff-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_spool))
        {
            Directory.Delete(_spool, recursive: true);
        }
    }

    [Fact]
    public async Task APartialRejectionCountsTheRejectedEventAndDeliversTheRest()
    {
        var admin = new ScriptedAdmin
        {
            Answer = events =>
            {
                var bad = Array.FindIndex(events, e => e.RuleId == "bad");
                var rejected = bad < 0 ? "[]" : $$"""[{"index":{{bad}},"eventId":"{{events[bad].EventId}}","field":"events[{{bad}}].requestId","message":"must be at most 256 characters"}]""";
                return (HttpStatusCode.OK, $$"""{"received":{{events.Length}},"stored":{{events.Length - (bad < 0 ? 0 : 1)}},"duplicates":0,"rejected":{{rejected}}}""");
            },
        };
        var events = new[] { Event("good"), Event("good"), Event("bad"), Event("good"), Event("good") };

        var (delivered, rejected) = await RunAsync(admin, events, maxBatch: 5);

        Assert.Equal(4, delivered);
        Assert.Equal(1, rejected);
        Assert.Equal(new[] { 5 }, admin.BatchSizes.ToArray());
        Assert.Equal(4, admin.Stored.Count);
        Assert.DoesNotContain(events[2].EventId, admin.Stored.Keys);
    }

    [Fact]
    public async Task AnAnswerWithoutARejectedListMeansEveryEventWasStored()
    {
        var admin = new ScriptedAdmin { Answer = _ => (HttpStatusCode.Accepted, null) };

        var (delivered, rejected) = await RunAsync(admin, [Event("a"), Event("b"), Event("c")], maxBatch: 3);

        Assert.Equal(3, delivered);
        Assert.Equal(0, rejected);
    }

    [Fact]
    public async Task ATooLargeBatchIsSplitAndEveryEventIsDelivered()
    {
        // The admin takes at most two events a batch.
        var admin = new ScriptedAdmin { Answer = events => events.Length > 2 ? (HttpStatusCode.RequestEntityTooLarge, null) : (HttpStatusCode.OK, """{"rejected":[]}""") };
        var events = Enumerable.Range(0, 7).Select(i => Event("r" + i)).ToArray();

        var (delivered, rejected) = await RunAsync(admin, events, maxBatch: 7);

        Assert.Equal(7, delivered);
        Assert.Equal(0, rejected);
        Assert.Equal(events.Select(e => e.EventId).Order(), admin.Stored.Keys.Order());
        Assert.All(admin.Stored.Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task ASingleEventTooLargeIsRejectedAloneAndItsNeighboursAreDelivered()
    {
        var admin = new ScriptedAdmin
        {
            Answer = events => Array.Exists(events, e => e.RuleId == "huge") ? (HttpStatusCode.RequestEntityTooLarge, null) : (HttpStatusCode.OK, null),
        };

        var (delivered, rejected) = await RunAsync(admin, [Event("a"), Event("huge"), Event("b"), Event("c")], maxBatch: 4);

        Assert.Equal(3, delivered);
        Assert.Equal(1, rejected);
    }

    [Fact]
    public async Task ABadRequestIsFinalForTheWholeBatchAndCounted()
    {
        var admin = new ScriptedAdmin { Answer = _ => (HttpStatusCode.BadRequest, """{"title":"invalid"}""") };

        var (delivered, rejected) = await RunAsync(admin, [Event("a"), Event("b")], maxBatch: 2);

        Assert.Equal(0, delivered);
        Assert.Equal(2, rejected);
        Assert.Equal(new[] { 2 }, admin.BatchSizes.ToArray());
    }

    [Fact]
    public async Task SpoolSegmentsAndTheSpoolDirectoryAreOwnerOnly()
    {
        var options = new HandoffOptions { AdminBaseUrl = new Uri("http://127.0.0.1:9"), GatewayId = "gw-test", SpoolDirectory = _spool, MaxBatchDelay = TimeSpan.FromMilliseconds(10) };
        var handoff = EventHandoff.Start(options, NullLoggerFactory.Instance, new ScriptedAdmin { Answer = _ => (HttpStatusCode.ServiceUnavailable, null) });
        Assert.True(handoff.TryEmit(Event("a")));
        using var spooled = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (handoff.Spooled == 0)
        {
            await Task.Delay(10, spooled.Token);
        }

        await handoff.DisposeAsync();

        Assert.Equal(FileModes.OwnerOnlyDirectory, FileModes.Of(_spool));
        var files = Directory.GetFiles(_spool);
        Assert.Contains(files, f => f.EndsWith(".seg", StringComparison.Ordinal));
        Assert.All(files, f => Assert.Equal(FileModes.OwnerOnlyFile, FileModes.Of(f)));
    }

    private async Task<(long Delivered, long Rejected)> RunAsync(ScriptedAdmin admin, DetectionEvent[] events, int maxBatch)
    {
        var options = new HandoffOptions
        {
            AdminBaseUrl = new Uri("http://127.0.0.1:9"),
            GatewayId = "gw-test",
            SpoolDirectory = _spool,
            MaxBatchEvents = maxBatch,
            MaxBatchDelay = TimeSpan.FromSeconds(5),
        };
        var handoff = EventHandoff.Start(options, NullLoggerFactory.Instance, admin);
        foreach (var e in events)
        {
            Assert.True(handoff.TryEmit(e));
        }

        using var idle = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (handoff.Delivered + handoff.Rejected < events.Length)
        {
            await Task.Delay(10, idle.Token);
        }

        await handoff.WaitIdleAsync(idle.Token);
        await handoff.DisposeAsync();
        Assert.Equal(0, handoff.Spooled);
        return (handoff.Delivered, handoff.Rejected);
    }

    private static DetectionEvent Event(string ruleId) => new()
    {
        EventId = DetectionEvent.NewId(),
        Timestamp = DateTimeOffset.UtcNow,
        GatewayId = "gw-test",
        RuleId = ruleId,
        Category = "injection",
        Severity = EventSeverity.High,
        Action = EventAction.Flagged,
        Phase = EventAction.PhaseRequest,
        Mode = PolicyMode.Monitor,
    };
}
