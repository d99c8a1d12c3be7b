using System.Buffers;
using System.IO.Pipelines;
using AiSpm.Detection;
using AiSpm.Gateway.Bedrock.EventStream;
using AiSpm.Gateway.Bedrock.Guardrails;
using AiSpm.Gateway.Buffers;
using AiSpm.Gateway.Enforcement;
using AiSpm.Gateway.Errors;
using AiSpm.Gateway.Logging;
using AiSpm.Gateway.Metrics;
using AiSpm.Gateway.Streaming;

namespace AiSpm.Gateway.Bedrock;

/// <summary>
/// Relays an AWS event stream frame by frame, as <see cref="SseRelay"/> relays SSE: each frame's text goes through
/// stream-mode detection, frames are held until <see cref="StreamRelayContext.HoldbackBytes"/> of later text has been
/// scanned, and a block ends the stream with an exception frame before the matched bytes leave. A frame whose checksum
/// or length is wrong is an upstream failure: nothing from it is relayed, and the stream ends with an exception frame.
/// With a Bedrock guardrail on responses, text is also held until the guardrail has passed it (see
/// <c>BedrockStreamRelay.Guardrail.cs</c>).
/// </summary>
internal sealed partial class BedrockStreamRelay(VerdictEvaluator evaluator, GatewayMetrics metrics, ILogger logger, GuardrailStage? guardrails = null)
{
    private const int ReadSize = 16 * 1024;
    private const int MaxEvidenceLogBytes = 1024 * 1024;

    /// <returns>Bytes of model text the stream carried, for token accounting.</returns>
    /// <param name="guardrail">The guardrail that checks this answer (source OUTPUT), or null.</param>
    public async Task<long> RelayAsync(HttpContext context, Stream upstreamBody, StreamRelayContext relay, BedrockGuardrailOptions? guardrail, CancellationTokenSource timeout)
    {
        var output = context.Response.BodyWriter;
        metrics.StreamStarted();
        using var inspector = relay.Stack.Inspector.OpenStream(relay.Scan);
        using var input = new PooledBody(ReadSize);
        using var held = new PooledBody(4096);
        using var textLog = new PooledBody(4096);
        using var decoded = new PooledBody(1024);
        using var effective = new EffectiveFindings();
        using var pending = guardrail is not null && guardrails is not null ? new PooledBody(4096) : null;
        var scope = pending is null ? null : new GuardrailScope(guardrail!, pending, relay.HoldbackBytes);
        var heldFrames = new List<HeldUnit>(16);
        var sink = new StreamScanSink(inspector, textLog, MaxEvidenceLogBytes, pending);
        var state = new ScanState(relay, inspector, held, heldFrames, textLog, decoded, effective);
        var holdback = relay.Exchange.Enforce ? relay.HoldbackBytes : 0;
        GatewayError? ending = null;
        try
        {
            await context.Response.StartAsync(context.RequestAborted).ConfigureAwait(false);
            while (ending is null)
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
                    // A stream that stops inside a frame was cut: the partial frame is not relayed.
                    if (input.Length > 0)
                    {
                        ending = BedrockErrors.UpstreamBadFrame;
                    }

                    break;
                }

                input.Advance(read);
                var consumed = 0;
                while (true)
                {
                    var status = EventStreamReader.TryRead(input.Span[consumed..], out var frame, out var length);
                    if (status == FrameStatus.NeedMore)
                    {
                        break;
                    }

                    if (status == FrameStatus.Invalid)
                    {
                        metrics.Count(MetricNames.UpstreamBadResponse);
                        BedrockLog.BadFrame(logger, relay.Exchange.Route);
                        ending = BedrockErrors.UpstreamBadFrame;
                        break;
                    }

                    var blocked = ScanAndHold(frame, input.Span.Slice(consumed, length), ref sink, state);
                    consumed += length;
                    if (blocked >= 0)
                    {
                        await EndBlockedAsync(output, relay, blocked, context.RequestAborted).ConfigureAwait(false);
                        return inspector.Position;
                    }
                }

                input.Compact(consumed);
                if (ending is null && scope is not null && inspector.Position - scope.Cleared >= scope.Options.StreamSegmentBytes
                    && await CheckSegmentAsync(scope, relay, inspector.Position, context.RequestAborted).ConfigureAwait(false) is { } refused)
                {
                    await EndWithAsync(output, refused, context.RequestAborted).ConfigureAwait(false);
                    return inspector.Position;
                }

                if (ending is null && HoldBack.Release(output, held, heldFrames, Releasable(scope, relay, inspector.Position), holdback, metrics))
                {
                    await HoldBack.FlushAsync(output, context.RequestAborted).ConfigureAwait(false);
                }
            }

            inspector.Complete();
            var final = Evaluate(state);
            if (final >= 0)
            {
                await EndBlockedAsync(output, relay, final, context.RequestAborted).ConfigureAwait(false);
                return inspector.Position;
            }

            // The last segment is checked before the held frames, and the stream's final frames, leave.
            if (scope is not null && inspector.Position > scope.Cleared
                && await CheckSegmentAsync(scope, relay, inspector.Position, context.RequestAborted).ConfigureAwait(false) is { } last)
            {
                await EndWithAsync(output, last, context.RequestAborted).ConfigureAwait(false);
                return inspector.Position;
            }

            HoldBack.Release(output, held, heldFrames, long.MaxValue, 0, metrics);
            if (ending is not null)
            {
                Log.StreamEndedWithError(logger, relay.Exchange.Route, relay.UpstreamName, ending.Code);
                WriteException(output, ending);
            }

            await HoldBack.FlushAsync(output, context.RequestAborted).ConfigureAwait(false);
            return inspector.Position;
        }
        finally
        {
            metrics.StreamEnded();
        }
    }

    /// <summary>Ends a stream with <paramref name="error"/> as an exception frame the AWS SDKs raise as a modeled exception.</summary>
    public static void WriteException(IBufferWriter<byte> output, GatewayError error)
    {
        var payload = new ArrayBufferWriter<byte>(256);
        BedrockErrors.WriteBody(payload, error);
        EventStreamWriter.WriteException(output, System.Text.Encoding.ASCII.GetBytes(BedrockErrors.StreamExceptionType(error)), payload.WrittenSpan);
    }

    /// <summary>Scans one frame, then holds it. Returns the blocking rule index, or -1.</summary>
    private int ScanAndHold(EventStreamFrame frame, ReadOnlySpan<byte> raw, ref StreamScanSink sink, ScanState state)
    {
        var before = state.Inspector.Position;
        if (frame.HeaderEquals(EventStreamWriter.MessageType, EventStreamWriter.Event))
        {
            if (frame.HeaderEquals(EventStreamWriter.EventType, "chunk"u8))
            {
                state.Decoded.Compact(state.Decoded.Length);
                if (BedrockDeltaReader.TryDecodeChunk(frame.Payload, state.Decoded) && !BedrockDeltaReader.Read(state.Decoded.Span, ref sink))
                {
                    // A model's chunk that is not JSON reaches the client as it is, so it is scanned as it is.
                    sink.Text(state.Decoded.Span);
                }
            }
            else if (!BedrockDeltaReader.Read(frame.Payload, ref sink))
            {
                sink.Text(frame.Payload);
            }
        }

        var blocked = Evaluate(state);
        if (blocked >= 0)
        {
            return blocked;
        }

        state.Held.Append(raw);
        state.HeldFrames.Add(new HeldUnit(state.Held.Length, state.Inspector.Position, state.Inspector.Position > before));
        return -1;
    }

    private int Evaluate(ScanState state)
    {
        var findings = state.Relay.Scan.Findings;
        if (findings.Count == state.Evaluated)
        {
            return -1;
        }

        var verdict = evaluator.Evaluate(state.Relay.Stack, findings, state.Evaluated, state.Effective.List, state.TextLog.Span, state.Relay.Exchange, ScanPhase.Response, canRedact: false);
        state.Evaluated = findings.Count;
        return verdict.Blocked ? verdict.BlockingRule : -1;
    }

    private async Task EndBlockedAsync(PipeWriter output, StreamRelayContext relay, int ruleIndex, CancellationToken cancellationToken)
    {
        var rule = relay.Stack.Inspector.Rules[ruleIndex];
        Log.Blocked(logger, "response", relay.Exchange.Route, rule.Id, rule.Category, relay.Exchange.Trace.RequestId);
        WriteException(output, GatewayError.Blocked(rule.Id, rule.Category, "response"));
        await HoldBack.FlushAsync(output, cancellationToken).ConfigureAwait(false);
    }


    /// <summary>What one relay's scan steps share; a class so the async loop can hand it to the span-based steps.</summary>
    private sealed class ScanState(StreamRelayContext relay, StreamInspector inspector, PooledBody held, List<HeldUnit> heldFrames, PooledBody textLog, PooledBody decoded, EffectiveFindings effective)
    {
        public StreamRelayContext Relay { get; } = relay;

        public StreamInspector Inspector { get; } = inspector;

        public PooledBody Held { get; } = held;

        public List<HeldUnit> HeldFrames { get; } = heldFrames;

        public PooledBody TextLog { get; } = textLog;

        public PooledBody Decoded { get; } = decoded;

        public EffectiveFindings Effective { get; } = effective;

        public int Evaluated { get; set; } = relay.Scan.Findings.Count;
    }
}
