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

    private async Task RunBatcherAsync()
    {
        var batch = new List<QueuedEvent>(_options.MaxBatchEvents);
        while (await ReadBatchAsync(batch).ConfigureAwait(false))
        {
            Interlocked.Increment(ref _inFlight);
            var slots = new JournalSlot[batch.Count];
            try
            {
                Interlocked.Add(ref _queued, -batch.Count);
                var events = new DetectionEvent[batch.Count];
                for (var i = 0; i < events.Length; i++)
                {
                    (events[i], slots[i]) = batch[i];
                }

                batch.Clear();
                var payload = BatchSender.Encode(_options.GatewayId, events);

                // While there is a backlog, new batches queue behind it on disk so delivery stays in order.
                if (!_spool.HasBacklog && Volatile.Read(ref _adminDown) == 0)
                {
                    var delivery = await DeliverAsync(payload, events.Length, events, CancellationToken.None).ConfigureAwait(false);
                    if (!delivery.AllLeft && delivery.Rest is not { Length: > 0 })
                    {
                        continue;
                    }

                    Interlocked.Exchange(ref _adminDown, 1);
                    Log.AdminUnavailable(_logger, _options.AdminBaseUrl.ToString(), (int?)_sender.LastStatus ?? 0);
                    if (!delivery.AllLeft)
                    {
                        SpoolBatch(BatchSender.Encode(_options.GatewayId, delivery.Rest!), delivery.Rest!.Length);
                        continue;
                    }
                }

                SpoolBatch(payload, events.Length);
            }
            finally
            {
                // Delivered, spooled (the spool is durable), refused or dropped and counted: none needs the journal now.
                foreach (var slot in slots)
                {
                    _journal.MarkDone(slot);
                }

                Interlocked.Decrement(ref _inFlight);
            }
        }
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

    /// <summary>
    /// Posts one batch and counts what came of it: delivered events, events the admin refused (alone, listed in its
    /// answer, or the whole batch on 400/415), and on 413 the two halves posted on their own, down to single events.
    /// </summary>
    /// <param name="events">The batch's events when at hand; decoded from <paramref name="payload"/> only for a split.</param>
    private async Task<Delivery> DeliverAsync(byte[] payload, int count, DetectionEvent[]? events, CancellationToken ct)
    {
        var result = await _sender.SendAsync(payload, ct).ConfigureAwait(false);
        switch (result.Outcome)
        {
            case SendOutcome.Delivered:
                var refused = CountRejections(result.Rejected, count);
                Interlocked.Add(ref _delivered, count - refused);
                return new Delivery(count - refused, null, AllLeft: false);
            case SendOutcome.TooLarge when count > 1:
                events ??= BatchSender.Decode(payload);
                var half = events.Length / 2;
                Log.Splitting(_logger, events.Length, half, events.Length - half);
                DetectionEvent[] first = events[..half], second = events[half..];
                var a = await DeliverAsync(BatchSender.Encode(_options.GatewayId, first), first.Length, first, ct).ConfigureAwait(false);
                if (a.AllLeft || a.Rest is { Length: > 0 })
                {
                    // The admin went away: the second half was not tried.
                    return new Delivery(a.Delivered, [.. (a.AllLeft ? first : a.Rest!), .. second], a.AllLeft);
                }

                var b = await DeliverAsync(BatchSender.Encode(_options.GatewayId, second), second.Length, second, ct).ConfigureAwait(false);
                return new Delivery(a.Delivered + b.Delivered, b.AllLeft ? second : b.Rest, AllLeft: false);
            case SendOutcome.Rejected or SendOutcome.TooLarge:
                Interlocked.Add(ref _rejected, count);
                Log.Rejected(_logger, count, (int?)_sender.LastStatus ?? 0);
                return new Delivery(0, null, AllLeft: false);
            default:
                return new Delivery(0, events, AllLeft: true);
        }
    }

    /// <summary>Counts (and logs) the distinct, in-range events an accepted batch's answer lists as rejected.</summary>
    private int CountRejections(IngestRejection[] rejections, int count)
    {
        if (rejections.Length == 0)
        {
            return 0;
        }

        var seen = new HashSet<int>();
        foreach (var r in rejections)
        {
            if (r is not null && (uint)r.Index < (uint)count && seen.Add(r.Index))
            {
                Log.EventRejected(_logger, r.Index, r.EventId ?? "", r.Field ?? "", r.Message ?? "");
            }
        }

        Interlocked.Add(ref _rejected, seen.Count);
        return seen.Count;
    }

    /// <summary>
    /// What <see cref="DeliverAsync"/> came to: events delivered, and the events still to send because the admin
    /// service became unavailable: all of the batch (<paramref name="AllLeft"/>; <paramref name="Rest"/> may then be
    /// null, the batch not having been decoded) or <paramref name="Rest"/> after part of a split batch went through.
    /// </summary>
    private readonly record struct Delivery(int Delivered, DetectionEvent[]? Rest, bool AllLeft);

    /// <summary>An event in the in-memory queue and where the journal holds its copy.</summary>
    private readonly record struct QueuedEvent(DetectionEvent Event, JournalSlot Slot);

    /// <summary>Fills <paramref name="batch"/> with up to MaxBatchEvents, waiting at most MaxBatchDelay after the first; false once the queue is completed and empty.</summary>
    private async Task<bool> ReadBatchAsync(List<QueuedEvent> batch)
    {
        var reader = _queue.Reader;
        if (!await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            return false;
        }

        var deadline = Environment.TickCount64 + (long)_options.MaxBatchDelay.TotalMilliseconds;
        while (true)
        {
            while (batch.Count < _options.MaxBatchEvents && reader.TryRead(out var e))
            {
                batch.Add(e);
            }

            var remaining = deadline - Environment.TickCount64;
            if (batch.Count >= _options.MaxBatchEvents || remaining <= 0)
            {
                return true;
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(remaining));
            try
            {
                if (!await reader.WaitToReadAsync(wait.Token).ConfigureAwait(false))
                {
                    return batch.Count > 0;
                }
            }
            catch (OperationCanceledException)
            {
                return true;
            }
        }
    }

    private async Task RunReplayerAsync()
    {
        var ct = _stop.Token;
        var backoff = _options.InitialBackoff;
        while (!ct.IsCancellationRequested)
        {
            if (!_spool.TryPeek(out var record))
            {
                Interlocked.Exchange(ref _adminDown, 0);
                try
                {
                    await _spoolSignal.WaitAsync(TimeSpan.FromMilliseconds(250), ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            Delivery delivery;
            try
            {
                delivery = await DeliverAsync(record.Payload, record.EventCount, null, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (delivery.AllLeft)
            {
                Interlocked.Exchange(ref _adminDown, 1);
                // Full jitter in [backoff/2, backoff) so many gateways coming back do not retry in lock-step.
                var ms = (int)backoff.TotalMilliseconds;
                var delay = TimeSpan.FromMilliseconds(Random.Shared.Next(ms / 2, Math.Max(ms / 2 + 1, ms)));
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
                try
                {
                    await Task.Delay(delay, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            // Part of a split record went through before the admin went away: the rest goes back to the spool as a
            // record of its own, so what was delivered is not posted (and counted) again.
            if (delivery.Rest is { Length: > 0 } rest)
            {
                lock (_overflowGate)
                {
                    _spool.TryAppend(BatchSender.Encode(_options.GatewayId, rest), rest.Length);
                }
            }

            _spool.Advance(record);
            backoff = _options.InitialBackoff;
            Interlocked.Add(ref _replayed, delivery.Delivered);

            if (!_spool.HasBacklog && Interlocked.Exchange(ref _adminDown, 0) == 1)
            {
                Log.Recovered(_logger, Replayed);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 400, EventName = "HandoffAdminUnavailable", Level = LogLevel.Warning,
            Message = "admin service {Url} unavailable (status {Status}); spooling events to disk until it answers")]
        public static partial void AdminUnavailable(ILogger logger, string url, int status);

        [LoggerMessage(EventId = 401, EventName = "HandoffRecovered", Level = LogLevel.Information,
            Message = "admin service answers again; spool drained ({Replayed} events replayed so far)")]
        public static partial void Recovered(ILogger logger, long replayed);

        [LoggerMessage(EventId = 402, EventName = "HandoffDropped", Level = LogLevel.Error,
            Message = "DROPPED {Count} detection events: the spool is at its cap of {MaxBytes} bytes")]
        public static partial void Dropped(ILogger logger, int count, long maxBytes);

        [LoggerMessage(EventId = 403, EventName = "HandoffRejected", Level = LogLevel.Error,
            Message = "the admin service rejected a batch of {Count} events as invalid (status {Status}); it will not be retried")]
        public static partial void Rejected(ILogger logger, int count, int status);

        [LoggerMessage(EventId = 406, EventName = "HandoffEventRejected", Level = LogLevel.Warning,
            Message = "the admin service rejected event {Index} ({EventId}) of a batch: {Field} {Reason}; the rest of the batch is stored")]
        public static partial void EventRejected(ILogger logger, int index, string eventId, string field, string reason);

        [LoggerMessage(EventId = 407, EventName = "HandoffSplitting", Level = LogLevel.Information,
            Message = "the admin service found a batch of {Count} events too large (413); sending it as {First} and {Second}")]
        public static partial void Splitting(ILogger logger, int count, int first, int second);

        [LoggerMessage(EventId = 405, EventName = "HandoffSpoolFailed", Level = LogLevel.Error,
            Message = "could not write detection events to the spool; they are dropped")]
        public static partial void SpoolFailed(ILogger logger, Exception ex);

        [LoggerMessage(EventId = 404, EventName = "HandoffResuming", Level = LogLevel.Information,
            Message = "resuming delivery of {Count} spooled events from a previous run")]
        public static partial void Resuming(ILogger logger, long count);

        [LoggerMessage(EventId = 408, EventName = "HandoffJournalRecovered", Level = LogLevel.Warning,
            Message = "the previous run stopped with {Count} detection events queued; moved from its journal to the spool")]
        public static partial void JournalRecovered(ILogger logger, int count);

        [LoggerMessage(EventId = 409, EventName = "HandoffJournalFailed", Level = LogLevel.Error,
            Message = "could not journal a detection event; it is queued, but a kill before delivery would lose it")]
        public static partial void JournalFailed(ILogger logger, Exception ex);
    }
}
