using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Sockets;
using AiSpm.Detection;
using AiSpm.Gateway.Configuration;
using AiSpm.Gateway.Enforcement;
using AiSpm.Gateway.Errors;
using AiSpm.Gateway.Logging;
using AiSpm.Gateway.Metrics;
using AiSpm.Gateway.Routing;
using AiSpm.Gateway.Streaming;
using Microsoft.Extensions.ObjectPool;

namespace AiSpm.Gateway.Forwarding;

/// <summary>
/// The request path: read and validate the body, route by model, inspect, forward byte-exact, then relay the
/// response (scanned whole, or event by event for SSE).
/// </summary>
internal sealed partial class ProxyHandler(
    GatewayOptions options,
    ModelRouter router,
    InspectorHolder inspectors,
    VerdictEvaluator evaluator,
    PolicyState policy,
    UsageLimiter limiter,
    GatewayMetrics metrics,
    ILogger<ProxyHandler> logger)
{
    private readonly ObjectPool<ScanContext> _scanContexts = new DefaultObjectPool<ScanContext>(new ScanContextPolicy(), 1024);
    private readonly SseRelay _sse = new(evaluator, metrics, logger, options.Limits.MaxSseEventBytes);
    private readonly FaultInjector _faults = new(options.FaultInjection);
    private readonly bool _failOpen = string.Equals(options.FailMode, "open", StringComparison.OrdinalIgnoreCase);
    private readonly bool _refuseOtherPaths = string.Equals(options.OtherPaths, "refuse", StringComparison.OrdinalIgnoreCase);
    private readonly bool _passOtherPaths = string.Equals(options.OtherPaths, "passthrough", StringComparison.OrdinalIgnoreCase);
    private readonly IdentityHeaderTrust _identityTrust = IdentityHeaderTrust.From(options);
    private readonly ProxyTrust _proxyTrust = ProxyTrust.From(options);

    public async Task HandleAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var kind = Endpoints.Classify(context.Request.Path.Value ?? "");
        metrics.RequestStarted();
        try
        {
            if (metrics.ActiveRequests > options.Limits.MaxConcurrentRequests)
            {
                await ErrorWriter.WriteAsync(context, GatewayError.OverCapacity).ConfigureAwait(false);
                return;
            }

            await ProcessAsync(context, kind).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            metrics.Count(MetricNames.ClientAborted);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            Log.Unhandled(logger, Endpoints.Label(kind), e);
            await ErrorWriter.WriteAsync(context, GatewayError.Internal).ConfigureAwait(false);
        }
        finally
        {
            metrics.RequestFinished(kind, context.Response.StatusCode, Stopwatch.GetTimestamp() - started);
        }
    }

    private async Task ProcessAsync(HttpContext context, EndpointKind kind)
    {
        var request = context.Request;
        if (RequestPath.HasEncodedSeparator(context))
        {
            await ErrorWriter.WriteAsync(context, GatewayError.EncodedPathSeparator).ConfigureAwait(false);
            return;
        }

        if (kind == EndpointKind.Other)
        {
            if (_refuseOtherPaths)
            {
                await ErrorWriter.WriteAsync(context, GatewayError.PathRefused).ConfigureAwait(false);
                return;
            }

            if (_passOtherPaths || !HasBody(request))
            {
                await ForwardUninspectedAsync(context, kind).ConfigureAwait(false);
                return;
            }
        }
        else if (kind == EndpointKind.Models)
        {
            if (!HttpMethods.IsGet(request.Method))
            {
                await ErrorWriter.WriteAsync(context, GatewayError.MethodNotAllowed).ConfigureAwait(false);
                return;
            }

            // Forwarded unscanned, so nothing may ride along with it.
            if (HasBody(request))
            {
                await ErrorWriter.WriteAsync(context, GatewayError.BodyNotAllowed).ConfigureAwait(false);
                return;
            }

            await ForwardUninspectedAsync(context, kind).ConfigureAwait(false);
            return;
        }
        else if (!HttpMethods.IsPost(request.Method))
        {
            await ErrorWriter.WriteAsync(context, GatewayError.MethodNotAllowed).ConfigureAwait(false);
            return;
        }

        // The detectors read the body as sent: a compressed one would be scanned as compressed bytes and pass.
        if (IsCompressed(request))
        {
            await ErrorWriter.WriteAsync(context, GatewayError.UnsupportedContentEncoding).ConfigureAwait(false);
            return;
        }

        using var body = await ReadBodyAsync(context).ConfigureAwait(false);
        if (body is not null)
        {
            await ProcessModelRequestAsync(context, kind, body).ConfigureAwait(false);
        }
    }

    /// <summary>The request body under the configured cap and timeout, or null once the error has been answered.</summary>
    private async ValueTask<PooledBody?> ReadBodyAsync(HttpContext context)
    {
        var (body, readError) = await RequestBodyReader.ReadAsync(context, options.Limits.MaxRequestBodyBytes, options.Limits.RequestBodyTimeoutMs).ConfigureAwait(false);
        if (readError is not null)
        {
            await ErrorWriter.WriteAsync(context, readError).ConfigureAwait(false);
            return null;
        }

        metrics.BytesIn(body!.Length);
        return body;
    }

    private async Task ProcessModelRequestAsync(HttpContext context, EndpointKind kind, PooledBody body)
    {
        Span<char> modelBuffer = stackalloc char[RequestEnvelope.MaxModelLength];
        var status = RequestEnvelope.TryRead(body.Span, modelBuffer, out var envelope);
        UpstreamTarget? target;
        var modelLength = envelope.ModelLength;
        if (kind == EndpointKind.Other)
        {
            // Another API's JSON, a form or a file upload: the scan below reads every string of a JSON body, or the
            // bytes as text when it is not JSON. Routed by its model when it names one the routes know.
            modelLength = status == RequestEnvelopeStatus.Ok && envelope.HasModel ? envelope.ModelLength : 0;
            target = (modelLength > 0 ? router.Resolve(modelBuffer[..modelLength]) : null) ?? router.Default;
        }
        else if (status != RequestEnvelopeStatus.Ok)
        {
            await ErrorWriter.WriteAsync(context, status == RequestEnvelopeStatus.NotAnObject ? GatewayError.NotAnObject : GatewayError.InvalidJson).ConfigureAwait(false);
            return;
        }
        else if (!envelope.HasModel)
        {
            await ErrorWriter.WriteAsync(context, GatewayError.MissingModel).ConfigureAwait(false);
            return;
        }
        else
        {
            target = router.Resolve(modelBuffer[..modelLength]);
        }

        if (target is null)
        {
            await ErrorWriter.WriteAsync(context, GatewayError.NoRoute).ConfigureAwait(false);
            return;
        }

        if (target.RefusesAnonymous && !HeaderForwarder.HasCredential(context.Request))
        {
            await ErrorWriter.WriteAsync(context, GatewayError.MissingCredential).ConfigureAwait(false);
            return;
        }

        var model = new string(modelBuffer[..modelLength]);
        var route = Endpoints.Label(kind);
        var trace = HeaderForwarder.ReadOrCreateTrace(context.Request);
        var exchange = Exchange(context, route, model, trace);
        if (!await CheckLimitsAsync(context, exchange).ConfigureAwait(false))
        {
            return;
        }

        // Held until the response (streamed or whole) has been relayed: a rule reload must not free this stack mid-scan.
        using var lease = inspectors.Acquire();
        var stack = lease.Stack;
        var scan = _scanContexts.Get();
        using var effective = new EffectiveFindings();
        PooledBody? redacted = null;
        try
        {
            var verdict = Verdict.Allow;
            var inspected = true;
            try
            {
                _faults.BeforeInspection();
                stack.Inspector.ScanRequestBody(body.Span, scan);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                inspected = false;
                if (!await HandleInspectionFailureAsync(context, route, "request", e).ConfigureAwait(false))
                {
                    return;
                }
            }

            if (inspected)
            {
                verdict = evaluator.Evaluate(stack, scan.Findings, 0, effective.List, body.Span, exchange, ScanPhase.Request, canRedact: true);
            }

            if (verdict.Blocked)
            {
                var rule = stack.Inspector.Rules[verdict.BlockingRule];
                Log.Blocked(logger, "request", route, rule.Id, rule.Category, trace.RequestId);
                context.Response.Headers[HeaderForwarder.RequestIdHeader] = trace.RequestId;
                await ErrorWriter.WriteAsync(context, GatewayError.Blocked(rule.Id, rule.Category, "request")).ConfigureAwait(false);
                return;
            }

            if (verdict.RedactCount > 0)
            {
                redacted = BodyRedactor.Redact(body.Span, effective.List, stack.Inspector);
            }

            // Another API's answer (a thread's messages, a stored response) can hold model output too.
            var relay = (Endpoints.HasModelOutput(kind) || kind == EndpointKind.Other) && inspected
                ? new StreamRelayContext(stack, scan, exchange, options.StreamHoldbackBytes, target.Options.IdleTimeoutMs, target.Name)
                : null;
            await ForwardAsync(context, kind, target, (redacted ?? body).Memory, trace, relay).ConfigureAwait(false);
        }
        finally
        {
            redacted?.Dispose();
            _scanContexts.Return(scan);
        }
    }

    /// <summary>The rate and token_volume detectors. Returns false when the request was refused with 429.</summary>
    private async ValueTask<bool> CheckLimitsAsync(HttpContext context, ExchangeInfo exchange)
    {
        if (limiter.TryAcquireRequest(exchange.Identity, exchange.Model) is { } rate)
        {
            evaluator.EmitLimit("RATE-LIMIT", "rate", exchange, $"over {rate.RequestsPerMinute} requests/minute for {rate.Scope}");
            if (exchange.Enforce)
            {
                await ErrorWriter.WriteAsync(context, GatewayError.RateLimited).ConfigureAwait(false);
                return false;
            }
        }

        if (limiter.ExhaustedTokenLimit(exchange.Identity) is { } tokens)
        {
            evaluator.EmitLimit("TOKEN-VOLUME", "token_volume", exchange, $"over {tokens.TokensPerMinute} tokens/minute for the key");
            if (exchange.Enforce)
            {
                await ErrorWriter.WriteAsync(context, GatewayError.TokenVolumeExceeded).ConfigureAwait(false);
                return false;
            }
        }

        return true;
    }

    /// <summary>Returns true when the request may go on unscanned (fail open); otherwise it has answered 503.</summary>
    private async ValueTask<bool> HandleInspectionFailureAsync(HttpContext context, string route, string phase, Exception e)
    {
        Log.InspectionFailed(logger, route, phase, _failOpen ? "open" : "closed", e);
        if (_failOpen)
        {
            metrics.Count(MetricNames.FailOpen);
            return true;
        }

        metrics.Count(MetricNames.FailClosed);
        await ErrorWriter.WriteAsync(context, GatewayError.InspectionFailed).ConfigureAwait(false);
        return false;
    }

    private async Task ForwardUninspectedAsync(HttpContext context, EndpointKind kind)
    {
        var target = router.Default;
        if (target is null)
        {
            await ErrorWriter.WriteAsync(context, GatewayError.NoRoute).ConfigureAwait(false);
            return;
        }

        if (target.RefusesAnonymous && !HeaderForwarder.HasCredential(context.Request))
        {
            await ErrorWriter.WriteAsync(context, GatewayError.MissingCredential).ConfigureAwait(false);
            return;
        }

        var trace = HeaderForwarder.ReadOrCreateTrace(context.Request);
        if (!HasBody(context.Request))
        {
            if (kind == EndpointKind.Other && !_passOtherPaths)
            {
                await ForwardScanningResponseAsync(context, kind, target, trace).ConfigureAwait(false);
                return;
            }

            await ForwardAsync(context, kind, target, null, trace, null).ConfigureAwait(false);
            return;
        }

        using var body = await ReadBodyAsync(context).ConfigureAwait(false);
        if (body is not null)
        {
            await ForwardAsync(context, kind, target, body.Memory, trace, null).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A read from another API (<c>GET /v1/threads/{id}/messages</c>, a stored response) sends nothing to scan, but its
    /// answer can hold what a model wrote: that is scanned like a model's response.
    /// </summary>
    private async Task ForwardScanningResponseAsync(HttpContext context, EndpointKind kind, UpstreamTarget target, TraceIds trace)
    {
        var exchange = Exchange(context, Endpoints.Label(kind), string.Empty, trace);
        using var lease = inspectors.Acquire();
        var scan = _scanContexts.Get();
        try
        {
            var relay = new StreamRelayContext(lease.Stack, scan, exchange, options.StreamHoldbackBytes, target.Options.IdleTimeoutMs, target.Name);
            await ForwardAsync(context, kind, target, null, trace, relay).ConfigureAwait(false);
        }
        finally
        {
            _scanContexts.Return(scan);
        }
    }

    /// <summary>Who is calling, on which route and model, and whether enforce mode applies to them.</summary>
    private ExchangeInfo Exchange(HttpContext context, string route, string model, TraceIds trace)
    {
        var identity = RequestIdentity.From(context.Request, _identityTrust.Trusts(context.Request));
        return new ExchangeInfo(route, model, policy.IsEnforcing(route, identity, model), identity, trace);
    }

    private static bool HasBody(HttpRequest request) => request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;

    // Both checks look at the header only when it is there, so the common request pays no enumerator.
    private static bool IsCompressed(HttpRequest request)
    {
        var codings = request.Headers.ContentEncoding;
        return codings.Count > 0 && AnyCompression(codings);
    }

    private static bool IsCompressed(HttpContentHeaders headers) =>
        headers.NonValidated.TryGetValues(Microsoft.Net.Http.Headers.HeaderNames.ContentEncoding, out var codings) && AnyCompression(codings);

    private static bool AnyCompression(IEnumerable<string?> codings)
    {
        foreach (var coding in codings)
        {
            if (IsCompression(coding))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsCompression(string? coding)
    {
        var name = coding.AsSpan().Trim();
        return !name.IsEmpty && !name.Equals("identity", StringComparison.OrdinalIgnoreCase);
    }

    private async Task ForwardAsync(HttpContext context, EndpointKind kind, UpstreamTarget target, ReadOnlyMemory<byte>? body, TraceIds trace, StreamRelayContext? relay)
    {
        using var upstreamRequest = new HttpRequestMessage(new HttpMethod(context.Request.Method), target.BuildUri(kind, context.Request.Path.Value ?? "", context.Request.QueryString))
        {
            Version = System.Net.HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrHigher,
        };
        if (body is { } bytes)
        {
            upstreamRequest.Content = new ReadOnlyMemoryContent(bytes);
            upstreamRequest.Content.Headers.ContentLength = bytes.Length;
        }

        HeaderForwarder.CopyRequestHeaders(context, upstreamRequest, target, trace, identityEncoding: relay is not null, fromTrustedProxy: _proxyTrust.Trusts(context));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(target.Options.FirstByteTimeoutMs);
        var sent = Stopwatch.GetTimestamp();
        HttpResponseMessage upstreamResponse;
        try
        {
            upstreamResponse = await target.Invoker.SendAsync(upstreamRequest, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            var error = ClassifySendFailure(e);
            Log.UpstreamFailed(logger, target.Name, Endpoints.Label(kind), error.Code, e is OperationCanceledException ? null : e);
            context.Response.Headers[HeaderForwarder.RequestIdHeader] = trace.RequestId;
            await ErrorWriter.WriteAsync(context, error).ConfigureAwait(false);
            return;
        }

        metrics.UpstreamTime(kind, Stopwatch.GetTimestamp() - sent);
        using (upstreamResponse)
        {
            await RelayResponseAsync(context, kind, target, upstreamResponse, trace, relay, timeout).ConfigureAwait(false);
        }
    }

    private GatewayError ClassifySendFailure(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is TimeoutException or OperationCanceledException)
            {
                metrics.Count(MetricNames.UpstreamTimeout);
                return GatewayError.UpstreamTimeout;
            }

            if (inner is SocketException)
            {
                metrics.Count(MetricNames.UpstreamConnectError);
                return GatewayError.UpstreamUnavailable;
            }
        }

        metrics.Count(e is HttpRequestException { HttpRequestError: HttpRequestError.InvalidResponse } ? MetricNames.UpstreamBadResponse : MetricNames.UpstreamReset);
        return GatewayError.UpstreamUnavailable;
    }

    private async Task RelayResponseAsync(HttpContext context, EndpointKind kind, UpstreamTarget target, HttpResponseMessage upstream, TraceIds trace, StreamRelayContext? relay, CancellationTokenSource timeout)
    {
        var response = context.Response;
        var isSse = IsEventStream(upstream.Content.Headers.ContentType);
        if (kind == EndpointKind.Other && (IsBinaryMedia(upstream.Content.Headers.ContentType) || !MayHaveBody(context.Request, upstream)))
        {
            relay = null;
        }

        if (relay is not null && (isSse || upstream.IsSuccessStatusCode) && IsCompressed(upstream.Content.Headers))
        {
            // Asked for identity and sent compressed anyway: its text cannot be scanned, which is an inspection failure.
            var failure = new InvalidDataException("The upstream compressed a response the gateway asked for uncompressed.");
            if (!await HandleInspectionFailureAsync(context, relay.Exchange.Route, "response", failure).ConfigureAwait(false))
            {
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
        using var body = new PooledBody(16 * 1024);
        while (true)
        {
            int read;
            try
            {
                timeout.CancelAfter(target.Options.IdleTimeoutMs);
                read = await upstreamBody.ReadAsync(body.GetMemory(16 * 1024), timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
            {
                var error = e is OperationCanceledException ? GatewayError.UpstreamIdleTimeout : GatewayError.UpstreamUnavailable;
                metrics.Count(e is OperationCanceledException ? MetricNames.UpstreamTimeout : MetricNames.UpstreamReset);
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

        var firstFinding = relay.Scan.Findings.Count;
        using var effective = new EffectiveFindings();
        var verdict = Verdict.Allow;
        try
        {
            _faults.BeforeInspection();
            relay.Stack.Inspector.ScanResponseBody(body.Span, relay.Scan);
            verdict = evaluator.Evaluate(relay.Stack, relay.Scan.Findings, firstFinding, effective.List, body.Span, relay.Exchange, ScanPhase.Response, canRedact: true);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (!await HandleInspectionFailureAsync(context, relay.Exchange.Route, "response", e).ConfigureAwait(false))
            {
                return;
            }
        }

        if (verdict.Blocked)
        {
            var rule = relay.Stack.Inspector.Rules[verdict.BlockingRule];
            Log.Blocked(logger, "response", relay.Exchange.Route, rule.Id, rule.Category, relay.Exchange.Trace.RequestId);
            await ErrorWriter.WriteAsync(context, GatewayError.Blocked(rule.Id, rule.Category, "response")).ConfigureAwait(false);
            return;
        }

        limiter.ChargeTokens(relay.Exchange.Identity, UsageReader.TotalTokens(body.Span));
        using var redacted = verdict.RedactCount > 0 ? BodyRedactor.Redact(body.Span, effective.List, relay.Stack.Inspector) : null;
        var bytes = (redacted ?? body).Memory;
        context.Response.ContentLength = bytes.Length;
        metrics.BytesOut(bytes.Length);
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task CopyAsync(HttpContext context, Stream upstreamBody, UpstreamTarget target, CancellationTokenSource timeout)
    {
        using var buffer = new PooledBody(16 * 1024);
        var output = context.Response.Body;
        while (true)
        {
            int read;
            try
            {
                timeout.CancelAfter(target.Options.IdleTimeoutMs);
                read = await upstreamBody.ReadAsync(buffer.GetMemory(16 * 1024), timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
            {
                metrics.Count(e is OperationCanceledException ? MetricNames.UpstreamTimeout : MetricNames.UpstreamReset);
                if (!context.Response.HasStarted)
                {
                    await ErrorWriter.WriteAsync(context, e is OperationCanceledException ? GatewayError.UpstreamIdleTimeout : GatewayError.UpstreamUnavailable).ConfigureAwait(false);
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

            await output.WriteAsync(buffer.GetMemory(read)[..read], context.RequestAborted).ConfigureAwait(false);
            metrics.BytesOut(read);
        }
    }

    /// <summary>
    /// Audio, images, video, fonts and archives: answers with no text the detectors could read. Anything else is
    /// scanned, <c>application/octet-stream</c> included: a file download (a batch's JSONL output) is often text.
    /// </summary>
    private static bool IsBinaryMedia(MediaTypeHeaderValue? contentType)
    {
        if (contentType?.MediaType is not { } media)
        {
            return false;
        }

        var type = media.AsSpan();
        return type.StartsWith("audio/", StringComparison.OrdinalIgnoreCase)
            || type.StartsWith("image/", StringComparison.OrdinalIgnoreCase)
            || type.StartsWith("video/", StringComparison.OrdinalIgnoreCase)
            || type.StartsWith("font/", StringComparison.OrdinalIgnoreCase)
            || type.Equals("application/zip", StringComparison.OrdinalIgnoreCase)
            || type.Equals("application/gzip", StringComparison.OrdinalIgnoreCase)
            || type.Equals("application/pdf", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>False for an answer that carries no body by definition (to HEAD, 204, 304), whose headers are relayed as sent.</summary>
    private static bool MayHaveBody(HttpRequest request, HttpResponseMessage upstream) =>
        !HttpMethods.IsHead(request.Method) && upstream.StatusCode is not (System.Net.HttpStatusCode.NoContent or System.Net.HttpStatusCode.NotModified);

    private static bool IsEventStream(MediaTypeHeaderValue? contentType) =>
        contentType?.MediaType is { } media && media.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase);

    private sealed class ScanContextPolicy : PooledObjectPolicy<ScanContext>
    {
        public override ScanContext Create() => new();

        public override bool Return(ScanContext obj)
        {
            obj.Reset();
            return true;
        }
    }
}
