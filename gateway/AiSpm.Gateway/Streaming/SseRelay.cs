using System.Buffers;
using System.IO.Pipelines;
using AiSpm.Detection;
using AiSpm.Gateway.Buffers;
using AiSpm.Gateway.Configuration;
using AiSpm.Gateway.Enforcement;
using AiSpm.Gateway.Errors;
using AiSpm.Gateway.Logging;
using AiSpm.Gateway.Metrics;

namespace AiSpm.Gateway.Streaming;

/// <summary>
/// Relays an upstream SSE stream event by event. Each event's text goes through stream-mode detection; events are
/// held back until <see cref="StreamRelayContext.HoldbackBytes"/> of later text has been scanned, so that when a match
/// completes, the bytes it covers are still here and an enforce-mode block cuts the stream before they leave.
/// </summary>
/// <param name="maxEventBytes">
/// The largest single event accepted from an upstream: past it the relay stops buffering and ends the stream with an
/// <c>upstream_event_too_large</c> error event, so a misbehaving upstream cannot make the gateway hold unbounded memory.
/// </param>
internal sealed class SseRelay(VerdictEvaluator evaluator, GatewayMetrics metrics, ILogger logger, int maxEventBytes = LimitsDefaults.MaxSseEventBytes)
{
    private const int ReadSize = 16 * 1024;
    private const int MaxEvidenceLogBytes = 1024 * 1024;

    /// <returns>Bytes of model text the stream carried, for token accounting.</returns>
    public async Task<long> RelayAsync(HttpContext context, Stream upstreamBody, StreamRelayContext relay, CancellationTokenSource timeout)
    {
        var output = context.Response.BodyWriter;
        metrics.StreamStarted();
        using var inspector = relay.Stack.Inspector.OpenStream(relay.Scan);
        using var input = new PooledBody(ReadSize);
        using var held = new PooledBody(4096);
        using var textLog = new PooledBody(4096);
        using var effective = new EffectiveFindings();
        var heldEvents = new List<HeldUnit>(16);
        var sink = new StreamScanSink(inspector, textLog, MaxEvidenceLogBytes);
        var evaluated = relay.Scan.Findings.Count;
        var holdback = relay.Exchange.Enforce ? relay.HoldbackBytes : 0;
        GatewayError? ending = null;
        try
        {
            await context.Response.StartAsync(context.RequestAborted).ConfigureAwait(false);
            while (true)
            {
                int read;
                try
                {
                    read = await IdleTimeout.ReadAsync(upstreamBody, input.GetMemory(ReadSize), timeout, relay.IdleTimeoutMs).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
                {
                    metrics.Count(MetricNames.UpstreamTimeout);
                    ending = GatewayError.UpstreamIdleTimeout;
                    break;
                }
                catch (Exception e) when (e is IOException or HttpRequestException && !context.RequestAborted.IsCancellationRequested)
                {
                    metrics.Count(MetricNames.UpstreamReset);
                    ending = GatewayError.UpstreamUnavailable;
                    break;
                }

                if (read == 0)
                {
                    break;
                }

                input.Advance(read);
                var consumed = 0;
                int length;
                while ((length = SseEventSplitter.NextEventLength(input.Span[consumed..])) > 0)
                {
                    if (length > maxEventBytes)
                    {
                        break;
                    }

                    var blocked = ScanAndHold(input.Span.Slice(consumed, length), inspector, ref sink, relay, held, heldEvents, textLog, effective, ref evaluated);
                    consumed += length;
                    if (blocked >= 0)
                    {
                        await EndBlockedAsync(output, relay, blocked, context.RequestAborted).ConfigureAwait(false);
                        return inspector.Position;
                    }
                }

                input.Compact(consumed);
                if (length > maxEventBytes || input.Length > maxEventBytes)
                {
                    // An event (whole, or the part that came so far) over the cap: dropped unsent, so the error event
                    // that follows stays well-formed and the gateway never buffers more than the cap and one read.
                    metrics.Count(MetricNames.UpstreamEventTooLarge);
                    ending = GatewayError.UpstreamEventTooLarge;
                    break;
                }

                if (HoldBack.Release(output, held, heldEvents, inspector.Position, holdback, metrics))
                {
                    await HoldBack.FlushAsync(output, context.RequestAborted).ConfigureAwait(false);
                }
            }

            // End of data: matches that complete only at the end, then whatever trailing bytes did not end an event.
            // After a failure those bytes are half an event: dropped, so the error event that follows stays well-formed.
            if (input.Length > 0 && ending is null)
            {
                var blocked = ScanAndHold(input.Span, inspector, ref sink, relay, held, heldEvents, textLog, effective, ref evaluated);
                if (blocked >= 0)
                {
                    await EndBlockedAsync(output, relay, blocked, context.RequestAborted).ConfigureAwait(false);
                    return inspector.Position;
                }
            }

            inspector.Complete();
            var final = Evaluate(relay, textLog, effective, ref evaluated);
            if (final >= 0)
            {
                await EndBlockedAsync(output, relay, final, context.RequestAborted).ConfigureAwait(false);
                return inspector.Position;
            }

            HoldBack.Release(output, held, heldEvents, long.MaxValue, 0, metrics);
            if (ending is not null)
            {
                Log.StreamEndedWithError(logger, relay.Exchange.Route, relay.UpstreamName, ending.Code);
                ErrorWriter.WriteSseEvent(output, ending);
            }

            await HoldBack.FlushAsync(output, context.RequestAborted).ConfigureAwait(false);
            return inspector.Position;
        }
        finally
        {
            metrics.StreamEnded();
        }
    }

    /// <summary>Scans one event, then holds it. Returns the blocking rule index, or -1.</summary>
    private int ScanAndHold(
        ReadOnlySpan<byte> sseEvent,
        StreamInspector inspector,
        ref StreamScanSink sink,
        StreamRelayContext relay,
        PooledBody held,
        List<HeldUnit> heldEvents,
        PooledBody textLog,
        EffectiveFindings effective,
        ref int evaluated)
    {
        var before = inspector.Position;
        byte[]? joined = null;
        try
        {
            var data = SseEventSplitter.Data(sseEvent, ref joined);
            if (!SseDeltaReader.Read(data, ref sink))
            {
                // Not JSON: a raw client shows it as it is, so it is scanned as it is.
                sink.Text(data);
            }
        }
        finally
        {
            if (joined is not null)
            {
                ArrayPool<byte>.Shared.Return(joined);
            }
        }

        var blocked = Evaluate(relay, textLog, effective, ref evaluated);
        if (blocked >= 0)
        {
            return blocked;
        }

        held.Append(sseEvent);
        heldEvents.Add(new HeldUnit(held.Length, inspector.Position, inspector.Position > before));
        return -1;
    }

    private int Evaluate(StreamRelayContext relay, PooledBody textLog, EffectiveFindings effective, ref int evaluated)
    {
        var findings = relay.Scan.Findings;
        if (findings.Count == evaluated)
        {
            return -1;
        }

        var verdict = evaluator.Evaluate(relay.Stack, findings, evaluated, effective.List, textLog.Span, relay.Exchange, ScanPhase.Response, canRedact: false);
        evaluated = findings.Count;
        return verdict.Blocked ? verdict.BlockingRule : -1;
    }

    private async Task EndBlockedAsync(PipeWriter output, StreamRelayContext relay, int ruleIndex, CancellationToken cancellationToken)
    {
        var rule = relay.Stack.Inspector.Rules[ruleIndex];
        Log.Blocked(logger, "response", relay.Exchange.Route, rule.Id, rule.Category, relay.Exchange.Trace.RequestId);
        ErrorWriter.WriteSseEvent(output, GatewayError.Blocked(rule.Id, rule.Category, "response"));
        await HoldBack.FlushAsync(output, cancellationToken).ConfigureAwait(false);
    }

}
