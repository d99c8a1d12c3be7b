using System.Threading.Channels;
using AiSpm.Contracts;

namespace AiSpm.Gateway.Events;

internal sealed partial class EventHandoff
{
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
}
