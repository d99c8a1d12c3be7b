using System.Threading.Channels;
using AiSpm.Contracts;

namespace AiSpm.Gateway.Events;

internal sealed partial class EventHandoff
{
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
}
