using System.Net;
using AiSpm.Contracts;
using AiSpm.Gateway.Events;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiSpm.Gateway.Tests.Events;

/// <summary>
/// The write-ahead journal of queued events. A process that dies without disposing anything is simulated by leaving
/// the journal open: its shared mapping is what the page cache would keep after a SIGKILL.
/// </summary>
public sealed class EventJournalTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "aispm-journal-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void EventsNotMarkedDoneAreRecoveredInOrderFromAJournalNobodyClosed()
    {
        var journal = new EventJournal(_directory, 64 * 1024);
        var events = Enumerable.Range(0, 5).Select(i => Event("rule-" + i)).ToArray();
        var slots = events.Select(journal.Append).ToArray();
        journal.MarkDone(slots[1]);
        journal.MarkDone(slots[3]);

        var (recovered, files) = EventJournal.Recover(_directory);

        Assert.Equal(new[] { "rule-0", "rule-2", "rule-4" }, recovered.Select(e => e.RuleId));
        Assert.Equal(new[] { events[0].EventId, events[2].EventId, events[4].EventId }, recovered.Select(e => e.EventId));
        Assert.Single(files);
        journal.Dispose();
    }

    [Fact]
    public void ARecordWithABadChecksumOrACutTailIsNotRecovered()
    {
        var journal = new EventJournal(_directory, 64 * 1024);
        journal.Append(Event("kept"));
        journal.Append(Event("garbled"));
        journal.Dispose();
        var file = Directory.GetFiles(_directory, "*.jnl").Single();
        var bytes = File.ReadAllBytes(file);
        var second = IndexOf(bytes, "garbled"u8.ToArray());
        bytes[second] ^= 0x20;
        File.WriteAllBytes(file, bytes);

        var (recovered, _) = EventJournal.Recover(_directory);

        Assert.Equal(new[] { "kept" }, recovered.Select(e => e.RuleId));
    }

    [Fact]
    public void FullSegmentsAreDeletedOnceEveryEventInThemIsDone()
    {
        var journal = new EventJournal(_directory, 4096);
        var slots = Enumerable.Range(0, 40).Select(i => journal.Append(Event("r" + i))).ToList();
        Assert.True(journal.SegmentFiles > 1, $"{journal.SegmentFiles} segment for 40 events in segments of 4 KiB");

        foreach (var slot in slots)
        {
            journal.MarkDone(slot);
        }

        Assert.Equal(1, journal.SegmentFiles);
        Assert.Empty(EventJournal.Recover(_directory).Events);
        journal.Dispose();
        Assert.Equal(0, journal.SegmentFiles);
    }

    [Fact]
    public async Task AHandoffStartedOverAKilledRunsJournalDeliversItsEventsOnce()
    {
        // The killed run: events queued (journaled) and never delivered.
        var killed = new EventJournal(Path.Combine(_directory, "journal"), 64 * 1024);
        var lost = Enumerable.Range(0, 7).Select(i => Event("queued-" + i)).ToArray();
        foreach (var e in lost)
        {
            killed.Append(e);
        }

        var admin = new ScriptedAdmin { Answer = _ => (HttpStatusCode.Accepted, null) };
        var options = new HandoffOptions { AdminBaseUrl = new Uri("http://127.0.0.1:9"), GatewayId = "gw-test", SpoolDirectory = _directory, MaxBatchDelay = TimeSpan.FromMilliseconds(10), InitialBackoff = TimeSpan.FromMilliseconds(10) };
        var handoff = EventHandoff.Start(options, NullLoggerFactory.Instance, admin);
        using var idle = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await handoff.WaitIdleAsync(idle.Token);
        await handoff.DisposeAsync();
        killed.Dispose();

        Assert.Equal(lost.Select(e => e.EventId).Order(), admin.Stored.Keys.Order());
        Assert.All(admin.Stored.Values, count => Assert.Equal(1, count));
        Assert.Empty(EventJournal.Recover(Path.Combine(_directory, "journal")).Events);
    }

    [Fact]
    public async Task DeliveredEventsLeaveNothingInTheJournal()
    {
        var admin = new ScriptedAdmin { Answer = _ => (HttpStatusCode.Accepted, null) };
        var options = new HandoffOptions { AdminBaseUrl = new Uri("http://127.0.0.1:9"), GatewayId = "gw-test", SpoolDirectory = _directory, MaxBatchDelay = TimeSpan.FromMilliseconds(10) };
        var handoff = EventHandoff.Start(options, NullLoggerFactory.Instance, admin);
        for (var i = 0; i < 20; i++)
        {
            Assert.True(handoff.TryEmit(Event("e" + i)));
        }

        using var idle = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (handoff.Delivered < 20)
        {
            await Task.Delay(10, idle.Token);
        }

        // Still running, as a process would be when killed: nothing delivered may come back.
        Assert.Empty(EventJournal.Recover(Path.Combine(_directory, "journal")).Events);
        await handoff.DisposeAsync();
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);

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
