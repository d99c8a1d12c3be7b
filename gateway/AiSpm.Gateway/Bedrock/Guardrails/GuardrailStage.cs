using AiSpm.Contracts;
using AiSpm.Gateway.Enforcement;
using AiSpm.Gateway.Metrics;

namespace AiSpm.Gateway.Bedrock.Guardrails;

/// <summary>
/// The Bedrock guardrail as a detector stage, in one place for whole bodies and streamed answers: call ApplyGuardrail,
/// apply the fail mode, log, emit one event per assessed policy entry, and decide. Each caller answers in its own form
/// (an HTTP error, or an exception frame that ends an event stream).
/// </summary>
internal sealed class GuardrailStage(IGuardrailCaller caller, GuardrailEvents events, GatewayMetrics metrics, ILogger logger)
{
    /// <param name="canMask">
    /// False where masked outputs cannot be written back (a streamed answer, whose text is split across model-specific
    /// deltas): an anonymizing intervention then blocks, so the unmasked text never leaves.
    /// </param>
    public async Task<GuardrailVerdict> RunAsync(BedrockGuardrailOptions guardrail, string source, List<TextSpan> texts, ExchangeInfo exchange, bool canMask, CancellationToken cancellationToken)
    {
        var phase = source == "INPUT" ? EventAction.PhaseRequest : EventAction.PhaseResponse;
        var name = guardrail.GuardrailIdentifier + ":" + guardrail.GuardrailVersion;
        var outcome = await caller.ApplyAsync(guardrail, source, texts, cancellationToken).ConfigureAwait(false);
        metrics.Count(MetricNames.Detection(GuardrailEvents.Category, outcome.Failed ? "failed" : outcome.Intervened ? "intervened" : "passed"));
        if (outcome.Failed)
        {
            var open = string.Equals(guardrail.FailMode, "open", StringComparison.OrdinalIgnoreCase);
            BedrockLog.GuardrailFailed(logger, name, phase, outcome.FailureKind, open ? "open" : "closed");
            return new GuardrailVerdict(open ? GuardrailDecision.Pass : GuardrailDecision.Unavailable, [], name);
        }

        if (!outcome.Intervened)
        {
            return new GuardrailVerdict(GuardrailDecision.Pass, [], name);
        }

        // Masked outputs map one to one onto the texts sent; an answer that does not is read as a block.
        var blocks = outcome.Blocks || !canMask || outcome.Outputs.Count != texts.Count;
        BedrockLog.GuardrailIntervened(logger, name, phase, exchange.Route, Policies(outcome));
        events.Emit(guardrail, outcome, exchange, phase, blocks);
        if (!exchange.Enforce)
        {
            return new GuardrailVerdict(GuardrailDecision.Pass, [], name);
        }

        return blocks ? new GuardrailVerdict(GuardrailDecision.Block, [], name) : new GuardrailVerdict(GuardrailDecision.Mask, outcome.Outputs, name);
    }

    private static string Policies(GuardrailOutcome outcome)
    {
        var parts = new string[outcome.Hits.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            var h = outcome.Hits[i];
            parts[i] = h.Policy + "/" + h.Name + "=" + h.Action;
        }

        return string.Join(", ", parts);
    }
}
