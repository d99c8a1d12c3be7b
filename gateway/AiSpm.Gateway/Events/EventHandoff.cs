using System.Threading.Channels;
using AiSpm.Contracts;

namespace AiSpm.Gateway.Events;

/// <summary>
/// The gateway's side of the event hand-off. <see cref="TryEmit"/> never blocks: events go into a bounded in-memory
/// queue, a batcher posts them in gzip batches, and whatever cannot be delivered right away (admin down or slow,
/// queue full) is written to an on-disk spool that a replayer drains in order, with exponential backoff and jitter,
/// once the admin service answers. Ingest is idempotent by event id, so a batch delivered twice is stored once.
/// Events are dropped only when the spool is at its size cap, and then each drop is counted and logged as an error.
/// Every queued event is also in a memory-mapped <see cref="EventJournal"/> until it is delivered or spooled, so a
/// process killed with SIGKILL loses none: the next start moves what the journal holds into the spool.
/// </summary>
internal sealed partial class EventHandoff : IDetectionEventSink, IAsyncDisposable
{
    private readonly HandoffOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<QueuedEvent> _queue;
    private readonly EventSpool _spool;
    private readonly EventJournal _journal;
    private readonly BatchSender _sender;
    private readonly SemaphoreSlim _spoolSignal = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _overflowGate = new();
    private Task _batcher = Task.CompletedTask;
    private Task _replayer = Task.CompletedTask;
    private long _emitted;
    private long _delivered;
    private long _spooled;
    private long _replayed;
    private long _dropped;
    private long _rejected;
    private int _queued;
    private int _adminDown;
    private int _inFlight;
    private int _disposed;

    private EventHandoff(HandoffOptions options, ILoggerFactory loggerFactory, HttpMessageHandler? handler)
    {
        _options = options;
        _logger = loggerFactory.CreateLogger("AiSpm.Gateway.Events.EventHandoff");
        _queue = Channel.CreateBounded<QueuedEvent>(new BoundedChannelOptions(options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        _spool = new EventSpool(options.SpoolDirectory, options.SpoolMaxBytes, options.SegmentMaxBytes);
        _journal = new EventJournal(JournalDirectory(options), options.JournalSegmentBytes);
        var http = handler is null
            ? new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30), ConnectTimeout = TimeSpan.FromSeconds(2) })
            : new HttpClient(handler, disposeHandler: false);
        http.Timeout = Timeout.InfiniteTimeSpan;
        _sender = new BatchSender(http, options);
    }

    /// <summary>Events accepted by <see cref="TryEmit"/>.</summary>
    public long Emitted => Interlocked.Read(ref _emitted);
    /// <summary>Events the admin service acknowledged (directly or from the spool).</summary>
    public long Delivered => Interlocked.Read(ref _delivered);
    /// <summary>Events written to the on-disk spool.</summary>
    public long Spooled => Interlocked.Read(ref _spooled);
    /// <summary>Events delivered from the spool (also counted in <see cref="Delivered"/>).</summary>
    public long Replayed => Interlocked.Read(ref _replayed);
    /// <summary>Events lost because the spool was at its size cap.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);
    /// <summary>
    /// Events the admin service refused as invalid (a whole batch on 400/415, a single event too large on 413, or one by
    /// one in an accepted batch's answer); retrying them could not succeed.
    /// </summary>
    public long Rejected => Interlocked.Read(ref _rejected);
    /// <summary>Events in memory waiting for the batcher.</summary>
    public long Queued => Volatile.Read(ref _queued);
    /// <summary>Events waiting in the spool.</summary>
    public long SpoolPending => _spool.PendingEvents;
    public long SpoolBytes => _spool.Bytes;

    /// <summary>Opens the spool (resuming any backlog left by a previous run) and starts the batcher and replayer.</summary>
    public static EventHandoff Start(HandoffOptions options, ILoggerFactory loggerFactory, HttpMessageHandler? handler = null)
    {
        var handoff = new EventHandoff(options, loggerFactory, handler);
        handoff.RecoverJournal();
        if (handoff._spool.HasBacklog)
        {
            Log.Resuming(handoff._logger, handoff._spool.PendingEvents);
        }

        handoff._batcher = Task.Run(handoff.RunBatcherAsync);
        handoff._replayer = Task.Run(handoff.RunReplayerAsync);
        return handoff;
    }

    public bool TryEmit(DetectionEvent e)
    {
        var slot = Journal(e);
        Interlocked.Increment(ref _queued);
        if (_queue.Writer.TryWrite(new QueuedEvent(e, slot)))
        {
            Interlocked.Increment(ref _emitted);
            return true;
        }

        Interlocked.Decrement(ref _queued);

        // Queue full (or shutting down): the event goes straight to disk rather than being lost.
        var spooled = SpoolOverflow(e);
        _journal.MarkDone(slot);
        return spooled;
    }

    /// <summary>Journals an event before it is queued; a journal that cannot write is logged, and the event still queued.</summary>
    private JournalSlot Journal(DetectionEvent e)
    {
        try
        {
            return _journal.Append(e);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.JournalFailed(_logger, ex);
            return JournalSlot.None;
        }
    }

    /// <summary>Moves the events a killed process left in the journal into the spool, before anything new is queued.</summary>
    private void RecoverJournal()
    {
        var (events, files) = EventJournal.Recover(JournalDirectory(_options));
        for (var i = 0; i < events.Count; i += _options.MaxBatchEvents)
        {
            var batch = events.GetRange(i, Math.Min(_options.MaxBatchEvents, events.Count - i)).ToArray();
            SpoolBatch(BatchSender.Encode(_options.GatewayId, batch), batch.Length);
        }

        if (events.Count > 0)
        {
            Log.JournalRecovered(_logger, events.Count);
        }

        EventJournal.DeleteRecovered(files);
    }

    private static string JournalDirectory(HandoffOptions options) => Path.Combine(options.SpoolDirectory, "journal");

    /// <summary>Waits until nothing is queued or spooled (for tests and orderly shutdown), or the token fires.</summary>
    public async Task WaitIdleAsync(CancellationToken cancellationToken)
    {
        while (Queued > 0 || _spool.HasBacklog || Volatile.Read(ref _inFlight) > 0)
        {
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        // The batcher drains what is queued: delivered if the admin answers at once, spooled otherwise.
        await _batcher.ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _replayer.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        lock (_overflowGate)
        {
            Volatile.Write(ref _disposed, 1);
            _spool.Dispose();
        }

        _journal.Dispose();

        _sender.Dispose();
        _stop.Dispose();
    }

    private bool SpoolOverflow(DetectionEvent e)
    {
        try
        {
            var payload = BatchSender.Encode(_options.GatewayId, [e]);
            lock (_overflowGate)
            {
                if (Volatile.Read(ref _disposed) == 0 && _spool.TryAppend(payload, 1))
                {
                    Interlocked.Increment(ref _emitted);
                    Interlocked.Increment(ref _spooled);
                    _spoolSignal.Release();
                    return true;
                }
            }

            Log.Dropped(_logger, 1, _options.SpoolMaxBytes);
        }
        catch (Exception ex)
        {
            // TryEmit runs on the request path and must never throw; a disk error is a drop, loudly.
            Log.SpoolFailed(_logger, ex);
        }

        Interlocked.Increment(ref _dropped);
        return false;
    }

    private void SpoolBatch(byte[] payload, int count)
    {
        bool ok;
        try
        {
            lock (_overflowGate)
            {
                ok = _spool.TryAppend(payload, count);
            }
        }
        catch (IOException ex)
        {
            Log.SpoolFailed(_logger, ex);
            ok = false;
        }

        if (ok)
        {
            Interlocked.Add(ref _spooled, count);
            _spoolSignal.Release();
        }
        else
        {
            Interlocked.Add(ref _dropped, count);
            Log.Dropped(_logger, count, _options.SpoolMaxBytes);
        }
    }

    /// <summary>An event in the in-memory queue and where the journal holds its copy.</summary>
    private readonly record struct QueuedEvent(DetectionEvent Event, JournalSlot Slot);
}
