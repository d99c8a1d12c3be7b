using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using AiSpm.Detection;
using AiSpm.Gateway.Configuration;
using AiSpm.Gateway.Enforcement;
using AiSpm.Gateway.Errors;
using AiSpm.Gateway.Forwarding;
using AiSpm.Gateway.Inspection;
using AiSpm.Gateway.Routing;

namespace AiSpm.Gateway.Guardrail;

/// <summary>
/// LiteLLM's Generic Guardrail API, so LiteLLM can call AiSpm as a guardrail (pre_call, post_call, during_call) as
/// well as route through it. The same detectors, policy and events as the inline path.
/// </summary>
internal sealed class GuardrailEndpoint(
    GatewayOptions options,
    InspectorHolder inspectors,
    InspectionStep inspection,
    RequestAdmission admission,
    PolicyState policy)
{
    public const string Path = "/beta/litellm_basic_guardrail_api";
    private const string Route = "guardrail_api";
    private static readonly Func<HttpContext, GuardrailEndpoint, Task> Process = static (context, endpoint) => endpoint.ProcessAsync(context);
    private static readonly ErrorResponder WriteError = ErrorWriter.WriteAsync;
    private readonly IdentityHeaderTrust _identityTrust = IdentityHeaderTrust.From(options);

    /// <summary>Capped, counted and failing open or closed exactly like the proxy path (<see cref="RequestAdmission"/>, <see cref="InspectionStep"/>).</summary>
    public Task HandleAsync(HttpContext context) => admission.RunAsync(context, EndpointKind.Other, Route, this, Process, WriteError);

    private async Task ProcessAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            await ErrorWriter.WriteAsync(context, GatewayError.MethodNotAllowed).ConfigureAwait(false);
            return;
        }

        var (body, readError) = await RequestBodyReader.ReadAsync(context, options.Limits.MaxRequestBodyBytes, options.Limits.RequestBodyTimeoutMs).ConfigureAwait(false);
        if (readError is not null)
        {
            await ErrorWriter.WriteAsync(context, readError).ConfigureAwait(false);
            return;
        }

        GuardrailRequest? request = null;
        GatewayError? error = null;
        using (body)
        {
            try
            {
                request = JsonSerializer.Deserialize(body!.Span, GuardrailJsonContext.Default.GuardrailRequest);
            }
            catch (JsonException e)
            {
                error = IsJson(body!.Span) && e.Path is { } path
                    ? new GatewayError(400, "invalid_request_error", "invalid_field", $"The field '{path}' does not have the type the Generic Guardrail API gives it (texts: an array of strings).")
                    : GatewayError.InvalidJson;
            }
        }

        error ??= Validate(request);
        if (error is not null)
        {
            await ErrorWriter.WriteAsync(context, error).ConfigureAwait(false);
            return;
        }

        var output = new ArrayBufferWriter<byte>(256);
        // The body's identity chooses the policy just like the x-litellm-* headers, so it is believed under the same
        // setting; otherwise the caller's key fingerprint stands in, as on the proxy path.
        var identity = _identityTrust.Trusts(context.Request)
            ? BodyIdentity(request!)
            : RequestIdentity.From(context.Request, trustHeaders: false) with { CallId = request!.LitellmCallId };
        if (!Evaluate(request!, identity, HeaderForwarder.ReadOrCreateTrace(context.Request), output))
        {
            await ErrorWriter.WriteAsync(context, GatewayError.InspectionFailed).ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = "application/json";
        context.Response.ContentLength = output.WrittenCount;
        await context.Response.Body.WriteAsync(output.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    private static RequestIdentity BodyIdentity(GuardrailRequest request)
    {
        var data = request.RequestData;
        return new RequestIdentity(
            data?.UserApiKeyAlias ?? data?.UserApiKeyHash,
            data?.UserApiKeyTeamAlias ?? data?.UserApiKeyTeamId,
            data?.UserApiKeyUserId,
            data?.UserApiKeyEndUserId,
            request.LitellmCallId);
    }

    /// <summary>
    /// Writes LiteLLM's answer (NONE, GUARDRAIL_INTERVENED with the rewritten texts, or BLOCKED) to
    /// <paramref name="output"/>. Returns false, writing nothing, when an inspection failed and the gateway fails closed.
    /// </summary>
    internal bool Evaluate(GuardrailRequest request, RequestIdentity identity, TraceIds trace, IBufferWriter<byte> output)
    {
        var phase = request.InputType == "response" ? ScanPhase.Response : ScanPhase.Request;
        var model = request.RequestData?.Model;
        var exchange = new ExchangeInfo(Route, model, policy.IsEnforcing(Route, identity, model), identity, trace);
        using var lease = inspectors.Acquire();
        var stack = lease.Stack;
        var scan = new ScanContext();
        var effective = new FindingList();
        var texts = request.Texts ?? [];
        var rewritten = new string[texts.Count];
        var blockingRule = -1;
        var intervened = false;
        for (var i = 0; i < texts.Count; i++)
        {
            var utf8 = Encoding.UTF8.GetBytes(texts[i]);
            scan.Reset();
            var outcome = inspection.Inspect(stack, utf8, InspectedInput.Text, phase, scan, effective, exchange, canRedact: true);
            if (outcome.Result == InspectionResult.Refused)
            {
                return false;
            }

            if (outcome.Result == InspectionResult.Blocked && blockingRule < 0)
            {
                blockingRule = outcome.BlockingRule;
            }

            if (outcome.RedactCount > 0)
            {
                using var redacted = BodyRedactor.Redact(utf8, effective, stack.Inspector);
                rewritten[i] = Encoding.UTF8.GetString(redacted.Span);
                intervened = true;
            }
            else
            {
                rewritten[i] = texts[i];
            }
        }

        // Tool definitions are text the model reads too; LiteLLM sends them apart from texts. Nothing in them can be
        // handed back rewritten, so a finding there blocks.
        for (var i = 0; blockingRule < 0 && i < (request.Tools?.Count ?? 0); i++)
        {
            // The raw bytes as they came: GetRawText would transcode, and throws on a definition that is not UTF-8
            // (found by HttpFuzzTests); the detectors read such bytes as text.
            var definition = JsonMarshal.GetRawUtf8Value(request.Tools![i]).ToArray();
            scan.Reset();
            var outcome = inspection.Inspect(stack, definition, InspectedInput.RequestBody, scan, effective, exchange, canRedact: false);
            if (outcome.Result == InspectionResult.Refused)
            {
                return false;
            }

            blockingRule = outcome.Result == InspectionResult.Blocked ? outcome.BlockingRule : -1;
        }

        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        if (blockingRule >= 0)
        {
            var rule = stack.Inspector.Rules[blockingRule];
            json.WriteString("action"u8, "BLOCKED"u8);
            json.WriteString("blocked_reason"u8, GatewayError.Blocked(rule.Id, rule.Category, phase == ScanPhase.Request ? "request" : "response").Message);
        }
        else if (intervened)
        {
            json.WriteString("action"u8, "GUARDRAIL_INTERVENED"u8);
            json.WriteStartArray("texts"u8);
            foreach (var text in rewritten)
            {
                json.WriteStringValue(text);
            }

            json.WriteEndArray();
        }
        else
        {
            json.WriteString("action"u8, "NONE"u8);
        }

        json.WriteEndObject();
        return true;
    }

    private static bool IsJson(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        try
        {
            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static GatewayError? Validate(GuardrailRequest? request)
    {
        if (request is null)
        {
            return GatewayError.InvalidJson;
        }

        if (request.InputType is not (null or "request" or "response"))
        {
            return new GatewayError(400, "invalid_request_error", "invalid_input_type", "input_type must be 'request' or 'response'.");
        }

        if (request.Texts is null)
        {
            return new GatewayError(400, "invalid_request_error", "missing_texts", "The request has no 'texts' array.");
        }

        foreach (var text in request.Texts)
        {
            if (text is null)
            {
                return new GatewayError(400, "invalid_request_error", "invalid_texts", "Every entry of 'texts' must be a string.");
            }
        }

        return null;
    }
}
