using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using AiSpm.Contracts;
using AiSpm.Detection;
using AiSpm.Gateway.Bedrock.Guardrails;
using AiSpm.Gateway.Bedrock.Signing;
using AiSpm.Gateway.Buffers;
using AiSpm.Gateway.Configuration;
using AiSpm.Gateway.Enforcement;
using AiSpm.Gateway.Errors;
using AiSpm.Gateway.Forwarding;
using AiSpm.Gateway.Inspection;
using AiSpm.Gateway.Logging;
using AiSpm.Gateway.Metrics;
using AiSpm.Gateway.Routing;
using AiSpm.Gateway.Streaming;
using Microsoft.AspNetCore.Http.Features;

namespace AiSpm.Gateway.Bedrock;

/// <summary>
/// The Bedrock runtime path: <c>POST /model/{modelId}/{converse|converse-stream|invoke|invoke-with-response-stream}</c>.
/// Authenticates the caller (SigV4 against the configured keys, or trusted), inspects the body with the same
/// <see cref="Inspector"/> and <see cref="VerdictEvaluator"/> as the OpenAI path, runs the optional Bedrock guardrail,
/// re-signs with the gateway's own credentials and relays the answer: event streams frame by frame, whole answers
/// scanned before they leave.
/// </summary>
internal sealed partial class BedrockHandler : IDisposable
{
    private readonly GatewayOptions _options;
    private readonly BedrockOptions _bedrock;
    private readonly InspectorHolder _inspectors;
    private readonly VerdictEvaluator _evaluator;
    private readonly PolicyState _policy;
    private readonly UsageLimiter _limiter;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger _logger;
    private readonly BedrockUpstream _upstream;
    private readonly BedrockStreamRelay _relay;
    private readonly GuardrailStage _guardrailStage;
    private readonly SigV4Verifier? _verifier;
    private readonly IdentityHeaderTrust _identityTrust;
    private readonly InspectionStep _inspection;
    private readonly RequestAdmission _admission;

    public BedrockHandler(
        GatewayOptions options,
        InspectorHolder inspectors,
        InspectionStep inspection,
        RequestAdmission admission,
        VerdictEvaluator evaluator,
        PolicyState policy,
        UsageLimiter limiter,
        GatewayMetrics metrics,
        IDetectionEventSink sink,
        ILogger<BedrockHandler> logger,
        string gatewayId)
    {
        _options = options;
        _bedrock = options.Bedrock ?? throw new InvalidOperationException("bedrock is not configured");
        _inspectors = inspectors;
        _evaluator = evaluator;
        _policy = policy;
        _limiter = limiter;
        _metrics = metrics;
        _logger = logger;
        _upstream = new BedrockUpstream(_bedrock);
        _guardrailStage = new GuardrailStage(new GuardrailClient(_upstream), new GuardrailEvents(sink, metrics, gatewayId), metrics, logger);
        _relay = new BedrockStreamRelay(evaluator, metrics, logger, _guardrailStage);
        _identityTrust = IdentityHeaderTrust.From(options);
        _inspection = inspection;
        _admission = admission;
        if (string.Equals(_bedrock.CallerAuth, "sigv4", StringComparison.OrdinalIgnoreCase))
        {
            var keys = CallerKeys.Parse(Environment.GetEnvironmentVariable(_bedrock.CallerKeysEnv ?? string.Empty), out _) ?? [];
            _verifier = new SigV4Verifier(keys, _bedrock.SigningName, TimeSpan.FromSeconds(_bedrock.MaxClockSkewSeconds));
        }
    }

    private static readonly Func<HttpContext, BedrockHandler, Task> Process = static (context, handler) => handler.ProcessAsync(context);
    private static readonly ErrorResponder WriteError = BedrockErrors.WriteAsync;

    /// <summary>Whether a path is one of the Bedrock runtime's (<c>/model/...</c>).</summary>
    public static bool Handles(PathString path) => path.StartsWithSegments("/model");

    public Task HandleAsync(HttpContext context) => _admission.RunAsync(context, EndpointKind.Other, "bedrock", this, Process, WriteError);

    public void Dispose() => _upstream.Dispose();

    private async Task ProcessAsync(HttpContext context)
    {
        var request = context.Request;
        var (wirePath, query) = WireTarget(context);
        if (!BedrockRequestPath.TryParse(wirePath, out var modelId, out var operation))
        {
            await BedrockErrors.WriteAsync(context, BedrockErrors.UnknownOperation).ConfigureAwait(false);
            return;
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            await BedrockErrors.WriteAsync(context, GatewayError.MethodNotAllowed).ConfigureAwait(false);
            return;
        }

        if (request.Headers.ContentEncoding.Count > 0 && !IsIdentity(request.Headers.ContentEncoding.ToString()))
        {
            await BedrockErrors.WriteAsync(context, GatewayError.UnsupportedContentEncoding).ConfigureAwait(false);
            return;
        }

        var route = BedrockRequestPath.Label(operation);
        var (body, readError) = await RequestBodyReader.ReadAsync(context, _options.Limits.MaxRequestBodyBytes, _options.Limits.RequestBodyTimeoutMs).ConfigureAwait(false);
        if (readError is not null)
        {
            await BedrockErrors.WriteAsync(context, readError).ConfigureAwait(false);
            return;
        }

        using (body)
        {
            _metrics.BytesIn(body!.Length);
            var identity = RequestIdentity.From(request, _identityTrust.Trusts(request));
            if (_verifier is not null)
            {
                var result = _verifier.Verify(request.Method, wirePath, query, name => Header(request, name), SigV4.PayloadHash(body.Span), DateTimeOffset.UtcNow, out var accessKeyId);
                if (result != SigV4Result.Valid)
                {
                    BedrockLog.CallerRefused(_logger, route, result.ToString(), accessKeyId);
                    await BedrockErrors.WriteAsync(context, result switch
                    {
                        SigV4Result.MissingAuthorization => BedrockErrors.MissingSignature,
                        SigV4Result.UnknownAccessKey => BedrockErrors.UnknownAccessKey,
                        SigV4Result.ClockSkew => BedrockErrors.SignatureExpired,
                        _ => BedrockErrors.InvalidSignature,
                    }).ConfigureAwait(false);
                    return;
                }

                // A verified access key is the caller's identity; LiteLLM's headers, when believed, still name the team.
                identity = identity with { KeyAlias = "aws:" + accessKeyId };
            }

            if (!IsJsonObject(body.Span))
            {
                await BedrockErrors.WriteAsync(context, GatewayError.NotAnObject).ConfigureAwait(false);
                return;
            }

            var trace = HeaderForwarder.ReadOrCreateTrace(request);
            var exchange = new ExchangeInfo(route, modelId, _policy.IsEnforcing(route, identity, modelId), identity, trace);
            Traffic.TrafficTag.Describe(context, exchange);
            if (!await CheckLimitsAsync(context, exchange).ConfigureAwait(false))
            {
                return;
            }

            await InspectAndForwardAsync(context, operation, wirePath + query, body, exchange).ConfigureAwait(false);
        }
    }

    private async Task InspectAndForwardAsync(HttpContext context, BedrockOperation operation, string pathAndQuery, PooledBody body, ExchangeInfo exchange)
    {
        using var lease = _inspectors.Acquire();
        var stack = lease.Stack;
        var scan = new ScanContext();
        using var effective = new EffectiveFindings();
        var outcome = _inspection.Inspect(stack, body.Span, InspectedInput.RequestBody, scan, effective.List, exchange);
        switch (outcome.Result)
        {
            case InspectionResult.Refused:
                await BedrockErrors.WriteAsync(context, GatewayError.InspectionFailed).ConfigureAwait(false);
                return;
            case InspectionResult.Blocked:
                context.Response.Headers[HeaderForwarder.RequestIdHeader] = exchange.Trace.RequestId;
                await BedrockErrors.WriteAsync(context, InspectionStep.BlockedError(stack, outcome, ScanPhase.Request)).ConfigureAwait(false);
                return;
        }

        using var redacted = outcome.RedactCount > 0 ? BodyRedactor.Redact(body.Span, effective.List, stack.Inspector) : null;
        ReadOnlyMemory<byte> outgoing = (redacted ?? body).Memory;
        var guardrail = Guardrail(exchange.Model!);
        if (guardrail is { Request: true })
        {
            var checkedBody = await ApplyGuardrailAsync(context, guardrail, "INPUT", outgoing, exchange).ConfigureAwait(false);
            if (checkedBody is null)
            {
                return;
            }

            outgoing = checkedBody.Value;
        }

        var relay = outcome.Inspected
            ? new StreamRelayContext(stack, scan, exchange, _options.StreamHoldbackBytes, _bedrock.IdleTimeoutMs, "bedrock")
            : null;
        await ForwardAsync(context, operation, pathAndQuery, outgoing, relay, guardrail).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs the Bedrock guardrail on the texts of <paramref name="body"/>. Returns the body to go on with (masked where
    /// the guardrail anonymized), or null once the request has been answered (blocked, or failed closed).
    /// </summary>
    private async Task<ReadOnlyMemory<byte>?> ApplyGuardrailAsync(HttpContext context, BedrockGuardrailOptions guardrail, string source, ReadOnlyMemory<byte> body, ExchangeInfo exchange)
    {
        var texts = BodyTexts.Collect(body.Span);
        if (texts.Count == 0)
        {
            return body;
        }

        var verdict = await _guardrailStage.RunAsync(guardrail, source, texts, exchange, canMask: true, context.RequestAborted).ConfigureAwait(false);
        switch (verdict.Decision)
        {
            case GuardrailDecision.Unavailable:
                await BedrockErrors.WriteAsync(context, BedrockErrors.GuardrailUnavailable).ConfigureAwait(false);
                return null;
            case GuardrailDecision.Block:
                context.Response.Headers[HeaderForwarder.RequestIdHeader] = exchange.Trace.RequestId;
                await BedrockErrors.WriteAsync(context, BedrockErrors.GuardrailBlocked(verdict.Guardrail, source == "INPUT" ? EventAction.PhaseRequest : EventAction.PhaseResponse)).ConfigureAwait(false);
                return null;
            case GuardrailDecision.Mask:
                return BodyTexts.Replace(body.Span, texts, verdict.Outputs);
            default:
                return body;
        }
    }

    private BedrockGuardrailOptions? Guardrail(string model)
    {
        foreach (var g in _bedrock.Guardrails)
        {
            if (g.Matches(model))
            {
                return g;
            }
        }

        return null;
    }

    private async ValueTask<bool> CheckLimitsAsync(HttpContext context, ExchangeInfo exchange)
    {
        if (_limiter.TryAcquireRequest(exchange.Identity, exchange.Model) is { } rate)
        {
            _evaluator.EmitLimit("RATE-LIMIT", "rate", exchange, $"over {rate.RequestsPerMinute} requests/minute for {rate.Scope}");
            if (exchange.Enforce)
            {
                await BedrockErrors.WriteAsync(context, GatewayError.RateLimited).ConfigureAwait(false);
                return false;
            }
        }

        if (_limiter.ExhaustedTokenLimit(exchange.Identity) is { } tokens)
        {
            _evaluator.EmitLimit("TOKEN-VOLUME", "token_volume", exchange, $"over {tokens.TokensPerMinute} tokens/minute for the key");
            if (exchange.Enforce)
            {
                await BedrockErrors.WriteAsync(context, GatewayError.TokenVolumeExceeded).ConfigureAwait(false);
                return false;
            }
        }

        return true;
    }

    /// <summary>The path and query exactly as the caller sent them: the caller signed the encoded form.</summary>
    private static (string Path, string Query) WireTarget(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw) || raw[0] != '/')
        {
            return (context.Request.Path.Value ?? string.Empty, context.Request.QueryString.Value ?? string.Empty);
        }

        var q = raw.IndexOf('?', StringComparison.Ordinal);
        return q < 0 ? (raw, string.Empty) : (raw[..q], raw[q..]);
    }

    private static string? Header(HttpRequest request, string name)
    {
        var values = request.Headers[name];
        return values.Count == 0 ? null : values.Count == 1 ? values[0] : string.Join(',', values.ToArray());
    }

    private static bool IsIdentity(string coding) => coding.AsSpan().Trim().Equals("identity", StringComparison.OrdinalIgnoreCase);

    private static bool IsJsonObject(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsEventStream(MediaTypeHeaderValue? contentType) =>
        contentType?.MediaType is { } media && media.Equals("application/vnd.amazon.eventstream", StringComparison.OrdinalIgnoreCase);
}
