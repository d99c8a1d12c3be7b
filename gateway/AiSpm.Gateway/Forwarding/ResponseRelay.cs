using System.Buffers;
using AiSpm.Detection;
using AiSpm.Gateway.Buffers;
using AiSpm.Gateway.Configuration;
using AiSpm.Gateway.Enforcement;
using AiSpm.Gateway.Errors;
using AiSpm.Gateway.Inspection;
using AiSpm.Gateway.Logging;
using AiSpm.Gateway.Metrics;
using AiSpm.Gateway.Routing;
using AiSpm.Gateway.Streaming;

namespace AiSpm.Gateway.Forwarding;

/// <summary>
/// Relays an upstream answer to the client: an event stream event by event through <see cref="SseRelay"/>, a whole
/// answer read, scanned and then sent (or blocked, or redacted), and anything not scanned copied as it comes.
/// </summary>
internal sealed class ResponseRelay(
    GatewayOptions options,
    InspectionStep inspection,
    VerdictEvaluator evaluator,
    UsageLimiter limiter,
    GatewayMetrics metrics,
    ILogger<ResponseRelay> logger)
{
    private const int ReadSize = 16 * 1024;
    private readonly SseRelay _sse = new(evaluator, metrics, logger, options.Limits.MaxSseEventBytes);

    public async Task RelayAsync(HttpContext context, EndpointKind kind, UpstreamTarget target, HttpResponseMessage upstream, TraceIds trace, StreamRelayContext? relay, CancellationTokenSource timeout)
    {
        var response = context.Response;
        var contentType = upstream.Content.Headers.ContentType;
        var isSse = ContentCoding.IsEventStream(contentType);
        if (kind == EndpointKind.Other && (ContentCoding.IsBinaryMedia(contentType) || !ContentCoding.MayHaveBody(context.Request, upstream)))
        {
            relay = null;
        }

        if (relay is not null && (isSse || upstream.IsSuccessStatusCode) && ContentCoding.IsCompressed(upstream.Content.Headers))
        {
            // Asked for identity and sent compressed anyway: its text cannot be scanned, which is an inspection failure.
            var failure = new InvalidDataException("The upstream compressed a response the gateway asked for uncompressed.");
            if (inspection.Failed(relay.Exchange.Route, "response", failure).Result == InspectionResult.Refused)
            {
                await ErrorWriter.WriteAsync(context, GatewayError.InspectionFailed).ConfigureAwait(false);
                return;
            }

            relay = null;
        }

        var scanWhole = relay is not null && !isSse && upstream.IsSuccessStatusCode;
        response.StatusCode = (int)upstream.StatusCode;
        HeaderForwarder.CopyResponseHeaders(upstream, response, keepContentLength: !scanWhole && !isSse);
        response.Headers[HeaderForwarder.RequestIdHeader] = trace.RequestId;
        var upstreamBody = await upstream.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
        if (isSse && relay is not null)
        {
            // Kestrel must not buffer or compress an event stream.
            context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();
            var streamedText = await _sse.RelayAsync(context, upstreamBody, relay, timeout).ConfigureAwait(false);
            // Streams rarely carry usage; about four bytes of text make a token.
            limiter.ChargeTokens(relay.Exchange.Identity, (streamedText + context.Request.ContentLength.GetValueOrDefault()) / 4);
            Traffic.TrafficTag.Tokens(context, context.Request.ContentLength.GetValueOrDefault() / 4, streamedText / 4);
            return;
        }

        if (scanWhole)
        {
            await RelayScannedAsync(context, target, upstreamBody, relay!, timeout).ConfigureAwait(false);
            return;
        }

        await CopyAsync(context, upstreamBody, target, timeout).ConfigureAwait(false);
    }

    private async Task RelayScannedAsync(HttpContext context, UpstreamTarget target, Stream upstreamBody, StreamRelayContext relay, CancellationTokenSource timeout)
    {
        using var body = new PooledBody(ReadSize);
        while (true)
        {
            int read;
            try
            {
                read = await IdleTimeout.ReadAsync(upstreamBody, body.GetMemory(ReadSize), timeout, target.Options.IdleTimeoutMs).ConfigureAwait(false);
            }
            catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
            {
                var error = ReadFailure(e);
                Log.UpstreamFailed(logger, target.Name, relay.Exchange.Route, error.Code, e is OperationCanceledException ? null : e);
                await ErrorWriter.WriteAsync(context, error).ConfigureAwait(false);
                return;
            }

            if (read == 0)
            {
                break;
            }

            body.Advance(read);
            if (body.Length > options.Limits.MaxResponseBodyBytes)
            {
                await ErrorWriter.WriteAsync(context, GatewayError.UpstreamResponseTooLarge).ConfigureAwait(false);
                return;
            }
        }

        using var effective = new EffectiveFindings();
        var outcome = inspection.Inspect(relay.Stack, body.Span, InspectedInput.ResponseBody, relay.Scan, effective.List, relay.Exchange);
        switch (outcome.Result)
        {
            case InspectionResult.Refused:
                await ErrorWriter.WriteAsync(context, GatewayError.InspectionFailed).ConfigureAwait(false);
                return;
            case InspectionResult.Blocked:
                await ErrorWriter.WriteAsync(context, InspectionStep.BlockedError(relay.Stack, outcome, ScanPhase.Response), InspectionStep.Categories(relay.Stack, effective.List)).ConfigureAwait(false);
                return;
        }

        var usage = UsageReader.Read(body.Span);
        limiter.ChargeTokens(relay.Exchange.Identity, usage.Total > 0 ? usage.Total : usage.Input + usage.Output);
        Traffic.TrafficTag.Tokens(context, usage.Input, usage.Output);
        using var redacted = outcome.RedactCount > 0 ? BodyRedactor.Redact(body.Span, effective.List, relay.Stack.Inspector) : null;
        var bytes = (redacted ?? body).Memory;
        context.Response.ContentLength = bytes.Length;
        metrics.BytesOut(bytes.Length);
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// The unscanned copy loop. It waits for each chunk with a zero-byte read before renting its buffer, so a long-lived
    /// stream that is mostly idle holds no pooled array while it waits.
    /// </summary>
    private async Task CopyAsync(HttpContext context, Stream upstreamBody, UpstreamTarget target, CancellationTokenSource timeout)
    {
        var output = context.Response.Body;
        var idleTimeoutMs = target.Options.IdleTimeoutMs;
        while (true)
        {
            byte[]? buffer = null;
            try
            {
                int read;
                try
                {
                    await IdleTimeout.WaitForDataAsync(upstreamBody, timeout, idleTimeoutMs).ConfigureAwait(false);
                    buffer = ArrayPool<byte>.Shared.Rent(ReadSize);
                    read = await IdleTimeout.ReadAsync(upstreamBody, buffer, timeout, idleTimeoutMs).ConfigureAwait(false);
                }
                catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
                {
                    var error = ReadFailure(e);
                    if (!context.Response.HasStarted)
                    {
                        await ErrorWriter.WriteAsync(context, error).ConfigureAwait(false);
                    }
                    else
                    {
                        // Mid-body with a declared length: only aborting tells the client the body is incomplete.
                        context.Abort();
                    }

                    return;
                }

                if (read == 0)
                {
                    return;
                }

                await output.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted).ConfigureAwait(false);
                metrics.BytesOut(read);
            }
            finally
            {
                if (buffer is not null)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
    }

    private GatewayError ReadFailure(Exception e)
    {
        var idle = e is OperationCanceledException;
        metrics.Count(idle ? MetricNames.UpstreamTimeout : MetricNames.UpstreamReset);
        return idle ? GatewayError.UpstreamIdleTimeout : GatewayError.UpstreamUnavailable;
    }
}
