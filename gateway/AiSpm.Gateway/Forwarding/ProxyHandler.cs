using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Sockets;
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
using Microsoft.Extensions.ObjectPool;

namespace AiSpm.Gateway.Forwarding;

/// <summary>
/// The request path, admission and routing: validate the request, read the body, route by model, check the limits,
/// inspect (<see cref="InspectionStep"/>), then forward (<see cref="UpstreamForwarder"/>) and relay the answer
/// (<see cref="ResponseRelay"/>).
/// </summary>
internal sealed class ProxyHandler(
    GatewayOptions options,
    ModelRouter router,
    InspectorHolder inspectors,
    InspectionStep inspection,
    VerdictEvaluator evaluator,
    PolicyState policy,
    UsageLimiter limiter,
    GatewayMetrics metrics,
    RequestAdmission admission,
    UpstreamForwarder forwarder,
    ResponseRelay responses)
{
    private static readonly Func<HttpContext, (ProxyHandler Handler, EndpointKind Kind), Task> Process =
        static (context, state) => state.Handler.ProcessAsync(context, state.Kind);

    private static readonly ErrorResponder WriteError = ErrorWriter.WriteAsync;

    private readonly ObjectPool<ScanContext> _scanContexts = new DefaultObjectPool<ScanContext>(new ScanContextPolicy(), 1024);
    private readonly bool _refuseOtherPaths = string.Equals(options.OtherPaths, "refuse", StringComparison.OrdinalIgnoreCase);
    private readonly bool _passOtherPaths = string.Equals(options.OtherPaths, "passthrough", StringComparison.OrdinalIgnoreCase);
    private readonly IdentityHeaderTrust _identityTrust = IdentityHeaderTrust.From(options);
    private readonly ProxyTrust _proxyTrust = ProxyTrust.From(options);

    public Task HandleAsync(HttpContext context)
    {
        var kind = Endpoints.Classify(context.Request.Path.Value ?? "");
        return admission.RunAsync(context, kind, Endpoints.Label(kind), (this, kind), Process, WriteError);
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

            if (_passOtherPaths || !ContentCoding.HasBody(request))
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
            if (ContentCoding.HasBody(request))
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
        if (ContentCoding.IsCompressed(request))
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
            var outcome = inspection.Inspect(stack, body.Span, InspectedInput.RequestBody, scan, effective.List, exchange);
            switch (outcome.Result)
            {
                case InspectionResult.Refused:
                    await ErrorWriter.WriteAsync(context, GatewayError.InspectionFailed).ConfigureAwait(false);
                    return;
                case InspectionResult.Blocked:
                    context.Response.Headers[HeaderForwarder.RequestIdHeader] = trace.RequestId;
                    await ErrorWriter.WriteAsync(context, InspectionStep.BlockedError(stack, outcome, ScanPhase.Request), InspectionStep.Categories(stack, effective.List)).ConfigureAwait(false);
                    return;
            }

            if (outcome.RedactCount > 0)
            {
                redacted = BodyRedactor.Redact(body.Span, effective.List, stack.Inspector);
            }

            // Another API's answer (a thread's messages, a stored response) can hold model output too.
            var relay = (Endpoints.HasModelOutput(kind) || kind == EndpointKind.Other) && outcome.Inspected
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
        if (!ContentCoding.HasBody(context.Request))
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
        var exchange = new ExchangeInfo(route, model, policy.IsEnforcing(route, identity, model), identity, trace);
        Traffic.TrafficTag.Describe(context, exchange);
        return exchange;
    }

    private async Task ForwardAsync(HttpContext context, EndpointKind kind, UpstreamTarget target, ReadOnlyMemory<byte>? body, TraceIds trace, StreamRelayContext? relay)
    {
        using var upstreamRequest = UpstreamForwarder.CreateRequest(context, kind, target, body, trace, scannedResponse: relay is not null, fromTrustedProxy: _proxyTrust.Trusts(context));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var sent = await forwarder.SendAsync(context, kind, target, upstreamRequest, timeout).ConfigureAwait(false);
        if (sent.Response is not { } upstreamResponse)
        {
            context.Response.Headers[HeaderForwarder.RequestIdHeader] = trace.RequestId;
            await ErrorWriter.WriteAsync(context, sent.Error!).ConfigureAwait(false);
            return;
        }

        using (upstreamResponse)
        {
            await responses.RelayAsync(context, kind, target, upstreamResponse, trace, relay, timeout).ConfigureAwait(false);
        }
    }

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
