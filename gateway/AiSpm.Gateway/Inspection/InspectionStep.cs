using AiSpm.Detection;
using AiSpm.Gateway.Configuration;
using AiSpm.Gateway.Enforcement;
using AiSpm.Gateway.Errors;
using AiSpm.Gateway.Logging;
using AiSpm.Gateway.Metrics;

namespace AiSpm.Gateway.Inspection;

/// <summary>What an inspection reads: a whole request or response body, or one plain text.</summary>
internal enum InspectedInput
{
    RequestBody,
    ResponseBody,
    Text,
}

/// <summary>
/// Inspect, decide, and the fail-open or fail-closed policy, in one place for every path: the OpenAI proxy, the Bedrock
/// runtime and LiteLLM's guardrail API. Each path writes the answer in its own dialect; what is decided is the same.
/// </summary>
internal sealed class InspectionStep(GatewayOptions options, VerdictEvaluator evaluator, GatewayMetrics metrics, ILogger<InspectionStep> logger)
{
    private readonly FaultInjector _faults = new(options.FaultInjection);

    public bool FailOpen { get; } = string.Equals(options.FailMode, "open", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Scans <paramref name="input"/> into <paramref name="scan"/> and evaluates the findings it added. A detector that
    /// throws ends as <see cref="InspectionResult.Unscanned"/> or <see cref="InspectionResult.Refused"/> by
    /// <c>failMode</c>, never as an exception.
    /// </summary>
    public InspectionOutcome Inspect(
        InspectorHolder.Loaded stack,
        ReadOnlySpan<byte> input,
        InspectedInput kind,
        ScanContext scan,
        FindingList effective,
        ExchangeInfo exchange,
        bool canRedact = true)
    {
        var phase = kind == InspectedInput.ResponseBody ? ScanPhase.Response : ScanPhase.Request;
        return Inspect(stack, input, kind, phase, scan, effective, exchange, canRedact);
    }

    /// <summary><see cref="Inspect(InspectorHolder.Loaded, ReadOnlySpan{byte}, InspectedInput, ScanContext, FindingList, ExchangeInfo, bool)"/> with the phase given, for texts.</summary>
    public InspectionOutcome Inspect(
        InspectorHolder.Loaded stack,
        ReadOnlySpan<byte> input,
        InspectedInput kind,
        ScanPhase phase,
        ScanContext scan,
        FindingList effective,
        ExchangeInfo exchange,
        bool canRedact)
    {
        var first = scan.Findings.Count;
        Verdict verdict;
        try
        {
            _faults.BeforeInspection();
            switch (kind)
            {
                case InspectedInput.RequestBody:
                    stack.Inspector.ScanRequestBody(input, scan);
                    break;
                case InspectedInput.ResponseBody:
                    stack.Inspector.ScanResponseBody(input, scan);
                    break;
                default:
                    stack.Inspector.ScanText(input, phase, scan.Findings);
                    break;
            }

            verdict = evaluator.Evaluate(stack, scan.Findings, first, effective, input, exchange, phase, canRedact);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Failed(exchange.Route, PhaseLabel(phase), e);
        }

        if (!verdict.Blocked)
        {
            return new InspectionOutcome(InspectionResult.Allowed, verdict);
        }

        var rule = stack.Inspector.Rules[verdict.BlockingRule];
        Log.Blocked(logger, PhaseLabel(phase), exchange.Route, rule.Id, rule.Category, exchange.Trace.RequestId);
        return new InspectionOutcome(InspectionResult.Blocked, verdict);
    }

    /// <summary>
    /// An inspection that could not happen (a detector threw, or the upstream compressed what it was asked to send
    /// plain): logged and counted, and turned into the configured fail mode.
    /// </summary>
    public InspectionOutcome Failed(string route, string phase, Exception e)
    {
        Log.InspectionFailed(logger, route, phase, FailOpen ? "open" : "closed", e);
        metrics.Count(FailOpen ? MetricNames.FailOpen : MetricNames.FailClosed);
        return new InspectionOutcome(FailOpen ? InspectionResult.Unscanned : InspectionResult.Refused, Verdict.Allow);
    }

    /// <summary>The error that answers a blocked outcome: which rule, which category, which phase.</summary>
    public static GatewayError BlockedError(InspectorHolder.Loaded stack, InspectionOutcome outcome, ScanPhase phase)
    {
        var rule = stack.Inspector.Rules[outcome.BlockingRule];
        return GatewayError.Blocked(rule.Id, rule.Category, PhaseLabel(phase));
    }

    /// <summary>
    /// The distinct categories of <paramref name="effective"/>, in finding order, comma-separated: a blocked answer's
    /// <c>x-aispm-categories</c> (the error names only the most severe rule's), so a red-team run scores a block as
    /// <c>./aispm eval</c> would. Blocked answers only (cold path).
    /// </summary>
    public static string Categories(InspectorHolder.Loaded stack, FindingList effective)
    {
        var seen = new List<string>(4);
        foreach (var f in effective.AsSpan())
        {
            var category = stack.Inspector.Rules[f.RuleIndex].Category;
            if (!seen.Contains(category))
            {
                seen.Add(category);
            }
        }

        return string.Join(',', seen);
    }

    public static string PhaseLabel(ScanPhase phase) => phase == ScanPhase.Response ? "response" : "request";
}
