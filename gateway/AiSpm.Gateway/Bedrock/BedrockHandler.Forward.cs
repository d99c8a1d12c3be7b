using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Sockets;
using AiSpm.Detection;
using AiSpm.Gateway.Buffers;
using AiSpm.Gateway.Enforcement;
using AiSpm.Gateway.Errors;
using AiSpm.Gateway.Forwarding;
using AiSpm.Gateway.Inspection;
using AiSpm.Gateway.Logging;
using AiSpm.Gateway.Metrics;
using AiSpm.Gateway.Routing;
using AiSpm.Gateway.Streaming;

namespace AiSpm.Gateway.Bedrock;

internal sealed partial class BedrockHandler
{
    private const string Upstream = "bedrock";

    private async Task ForwardAsync(HttpContext context, BedrockOperation operation, string pathAndQuery, ReadOnlyMemory<byte> body, StreamRelayContext? relay, BedrockGuardrailOptions? guardrail)
    {
        var request = context.Request;
        using var upstreamRequest = new HttpRequestMessage(HttpMethod.Post, _upstream.Uri(pathAndQuery))
        {
            Version = System.Net.HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrHigher,
            Content = new ReadOnlyMemoryContent(body),
        };
        upstreamRequest.Content.Headers.ContentLength = body.Length;
        upstreamRequest.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType ?? "application/json");
        CopyBedrockHeaders(request, upstreamRequest, relay?.Exchange.Trace);

        // The caller's Authorization, x-amz-date and security token were never copied: the request is signed anew.
        if (!await _upstream.TrySignAsync(upstreamRequest, body).ConfigureAwait(false))
        {
            await BedrockErrors.WriteAsync(context, BedrockErrors.UpstreamCredentials).ConfigureAwait(false);
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(_bedrock.FirstByteTimeoutMs);
        var sent = Stopwatch.GetTimestamp();
        HttpResponseMessage upstreamResponse;
        try
        {
            upstreamResponse = await _upstream.Invoker.SendAsync(upstreamRequest, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            var error = UpstreamForwarder.ClassifySendFailure(e, _metrics);
            Log.UpstreamFailed(_logger, Upstream, BedrockRequestPath.Label(operation), error.Code, e is OperationCanceledException ? null : e);
            await BedrockErrors.WriteAsync(context, error).ConfigureAwait(false);
            return;
        }

        _metrics.UpstreamTime(EndpointKind.Other, Stopwatch.GetTimestamp() - sent);
        using (upstreamResponse)
        {
            await RelayResponseAsync(context, operation, upstreamResponse, relay, guardrail, timeout).ConfigureAwait(false);
        }
    }

    /// <summary>Content negotiation, Bedrock's own headers and the trace; never a credential or a hop-by-hop header.</summary>
    private static void CopyBedrockHeaders(HttpRequest request, HttpRequestMessage upstream, TraceIds? trace)
    {
        foreach (var header in request.Headers)
        {
            var name = header.Key;
            if (name.StartsWith("x-amzn-bedrock-", StringComparison.OrdinalIgnoreCase)
                || name.Equals("accept", StringComparison.OrdinalIgnoreCase))
            {
                upstream.Headers.TryAddWithoutValidation(name, header.Value.ToArray());
            }
        }

        if (trace is { } t)
        {
            upstream.Headers.TryAddWithoutValidation(HeaderForwarder.AmznTraceHeader, t.AmznTraceId);
            upstream.Headers.TryAddWithoutValidation(HeaderForwarder.RequestIdHeader, t.RequestId);
        }
    }

    private async Task RelayResponseAsync(HttpContext context, BedrockOperation operation, HttpResponseMessage upstream, StreamRelayContext? relay, BedrockGuardrailOptions? guardrail, CancellationTokenSource timeout)
    {
        var response = context.Response;
        var isEventStream = IsEventStream(upstream.Content.Headers.ContentType);
        var scanWhole = relay is not null && upstream.IsSuccessStatusCode && !isEventStream;
        response.StatusCode = (int)upstream.StatusCode;
        HeaderForwarder.CopyResponseHeaders(upstream, response, keepContentLength: !scanWhole && !isEventStream);
        if (relay is not null)
        {
            response.Headers[HeaderForwarder.RequestIdHeader] = relay.Exchange.Trace.RequestId;
        }

        var upstreamBody = await upstream.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
        if (isEventStream && relay is not null && upstream.IsSuccessStatusCode)
        {
            context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();
            var text = await _relay.RelayAsync(context, upstreamBody, relay, guardrail is { Response: true } ? guardrail : null, timeout).ConfigureAwait(false);
            _limiter.ChargeTokens(relay.Exchange.Identity, (text + context.Request.ContentLength.GetValueOrDefault()) / 4);
            return;
        }

        if (scanWhole)
        {
            await RelayScannedAsync(context, upstreamBody, relay!, guardrail, timeout).ConfigureAwait(false);
            return;
        }

        await CopyAsync(context, upstreamBody, timeout).ConfigureAwait(false);
    }

    private async Task RelayScannedAsync(HttpContext context, Stream upstreamBody, StreamRelayContext relay, BedrockGuardrailOptions? guardrail, CancellationTokenSource timeout)
    {
        using var body = new PooledBody(16 * 1024);
        while (true)
        {
            int read;
            try
            {
                read = await IdleTimeout.ReadAsync(upstreamBody, body.GetMemory(16 * 1024), timeout, _bedrock.IdleTimeoutMs).ConfigureAwait(false);
            }
            catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
            {
                var error = e is OperationCanceledException ? GatewayError.UpstreamIdleTimeout : GatewayError.UpstreamUnavailable;
                _metrics.Count(e is OperationCanceledException ? MetricNames.UpstreamTimeout : MetricNames.UpstreamReset);
                await BedrockErrors.WriteAsync(context, error).ConfigureAwait(false);
                return;
            }

            if (read == 0)
            {
                break;
            }

            body.Advance(read);
            if (body.Length > _options.Limits.MaxResponseBodyBytes)
            {
                await BedrockErrors.WriteAsync(context, GatewayError.UpstreamResponseTooLarge).ConfigureAwait(false);
                return;
            }
        }

        using var effective = new EffectiveFindings();
        var outcome = _inspection.Inspect(relay.Stack, body.Span, InspectedInput.ResponseBody, relay.Scan, effective.List, relay.Exchange);
        switch (outcome.Result)
        {
            case InspectionResult.Refused:
                await BedrockErrors.WriteAsync(context, GatewayError.InspectionFailed).ConfigureAwait(false);
                return;
            case InspectionResult.Blocked:
                await BedrockErrors.WriteAsync(context, InspectionStep.BlockedError(relay.Stack, outcome, ScanPhase.Response)).ConfigureAwait(false);
                return;
        }

        using var redacted = outcome.RedactCount > 0 ? BodyRedactor.Redact(body.Span, effective.List, relay.Stack.Inspector) : null;
        ReadOnlyMemory<byte> bytes = (redacted ?? body).Memory;
        if (guardrail is { Response: true })
        {
            var checkedBody = await ApplyGuardrailAsync(context, guardrail, "OUTPUT", bytes, relay.Exchange).ConfigureAwait(false);
            if (checkedBody is null)
            {
                return;
            }

            bytes = checkedBody.Value;
        }

        context.Response.ContentLength = bytes.Length;
        _metrics.BytesOut(bytes.Length);
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task CopyAsync(HttpContext context, Stream upstreamBody, CancellationTokenSource timeout)
    {
        using var buffer = new PooledBody(16 * 1024);
        while (true)
        {
            int read;
            try
            {
                read = await IdleTimeout.ReadAsync(upstreamBody, buffer.GetMemory(16 * 1024), timeout, _bedrock.IdleTimeoutMs).ConfigureAwait(false);
            }
            catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
            {
                _metrics.Count(e is OperationCanceledException ? MetricNames.UpstreamTimeout : MetricNames.UpstreamReset);
                context.Abort();
                return;
            }

            if (read == 0)
            {
                return;
            }

            await context.Response.Body.WriteAsync(buffer.GetMemory(read)[..read], context.RequestAborted).ConfigureAwait(false);
            _metrics.BytesOut(read);
        }
    }
}
