using AiSpm.Contracts;
using AiSpm.Gateway.Enforcement;
using AiSpm.Gateway.Metrics;

namespace AiSpm.Gateway.Bedrock.Guardrails;

/// <summary>
/// One detection event per policy entry a Bedrock guardrail assessed, named after the guardrail's policy
/// (<c>BEDROCK-GUARDRAIL:contentPolicy:PROMPT_ATTACK</c>), with the same identity, model and trace fields as every event.
/// </summary>
internal sealed class GuardrailEvents(IDetectionEventSink sink, GatewayMetrics metrics, string gatewayId)
{
    public const string Category = "bedrock_guardrail";

    private static readonly string[] Tags = ["owasp-llm:LLM01", "nist-ai-rmf:MEASURE 2.7"];

    public void Emit(BedrockGuardrailOptions guardrail, GuardrailOutcome outcome, ExchangeInfo exchange, string phase, bool blocked)
    {
        foreach (var hit in outcome.Hits)
        {
            var action = !exchange.Enforce ? EventAction.Flagged
                : blocked ? EventAction.Blocked
                : string.Equals(hit.Action, "ANONYMIZED", StringComparison.Ordinal) ? EventAction.Redacted
                : EventAction.Flagged;
            metrics.Count(MetricNames.Detection(Category, action));
            var e = new DetectionEvent
            {
                EventId = DetectionEvent.NewId(),
                Timestamp = DateTimeOffset.UtcNow,
                GatewayId = gatewayId,
                RuleId = "BEDROCK-GUARDRAIL:" + hit.Policy + ":" + hit.Name,
                Category = Category,
                Severity = string.Equals(hit.Action, "BLOCKED", StringComparison.Ordinal) ? EventSeverity.High : EventSeverity.Medium,
                Action = action,
                Phase = phase,
                Mode = exchange.Enforce ? PolicyMode.Enforce : PolicyMode.Monitor,
                Evidence = "guardrail " + guardrail.GuardrailIdentifier + ":" + guardrail.GuardrailVersion + " " + hit.Action,
                Model = exchange.Model,
                Route = exchange.Route,
                KeyAlias = exchange.Identity.KeyAlias,
                Team = exchange.Identity.Team,
                User = exchange.Identity.User,
                EndUser = exchange.Identity.EndUser,
                LiteLlmCallId = exchange.Identity.CallId,
                RequestId = exchange.Trace.RequestId,
                TraceParent = exchange.Trace.TraceParent,
                AmznTraceId = exchange.Trace.AmznTraceId,
                Tags = Tags,
            };
            if (!sink.TryEmit(e))
            {
                metrics.Count(MetricNames.EventsNotAccepted);
            }
        }
    }
}
