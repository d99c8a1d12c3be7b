using System.Security.Cryptography;
using System.Text;
using AiSpm.Contracts;
using AiSpm.Detection;
using AiSpm.Gateway.Metrics;

namespace AiSpm.Gateway.Enforcement;

/// <summary>
/// Turns raw findings into a verdict: drops suppressed findings, picks each finding's action for the mode in force,
/// and hands one event per finding to the sink without waiting.
/// </summary>
internal sealed class VerdictEvaluator(PolicyState policy, IDetectionEventSink sink, GatewayMetrics metrics, bool redactInsteadOfBlock, string gatewayId)
{
    private const int MaxEvidenceBytes = 160;

    /// <summary>
    /// Evaluates <paramref name="findings"/> over <paramref name="text"/>, the bytes their offsets point into.
    /// Findings that survive suppression are copied to <paramref name="effective"/> (for redaction).
    /// </summary>
    public Verdict Evaluate(
        InspectorHolder.Loaded stack,
        FindingList findings,
        int firstFinding,
        FindingList effective,
        ReadOnlySpan<byte> text,
        ExchangeInfo exchange,
        ScanPhase phase,
        bool canRedact)
    {
        effective.Clear();
        if (findings.Count <= firstFinding)
        {
            return Verdict.Allow;
        }

        var current = policy.Current;
        var blocking = -1;
        var redactions = 0;
        var needsHash = HasTextSuppressions(current);
        for (var i = firstFinding; i < findings.Count; i++)
        {
            var finding = findings[i];
            var rule = stack.Inspector.Rules[finding.RuleIndex];
            var span = Slice(text, finding);
            var hash = needsHash ? Sha256Hex(span) : null;
            if (current.IsSuppressed(rule.Id, exchange.Identity.KeyAlias, exchange.Identity.Team, exchange.Model, hash))
            {
                metrics.Count(MetricNames.Detection(rule.Category, "suppressed"));
                continue;
            }

            effective.Add(finding);
            string action;
            if (!exchange.Enforce)
            {
                action = EventAction.Flagged;
            }
            else if (canRedact && redactInsteadOfBlock && rule.Redactable)
            {
                action = EventAction.Redacted;
                redactions++;
            }
            else
            {
                action = EventAction.Blocked;
                if (blocking < 0 || rule.Severity > stack.Inspector.Rules[blocking].Severity)
                {
                    blocking = finding.RuleIndex;
                }
            }

            metrics.Count(MetricNames.Detection(rule.Category, action));
            Emit(stack, rule, finding, span, exchange, phase, action);
        }

        return new Verdict(blocking, redactions);
    }

    /// <summary>An event for a verdict no pattern made (rate and token-volume limits).</summary>
    public void EmitLimit(string ruleId, string category, ExchangeInfo exchange, string evidence)
    {
        var action = exchange.Enforce ? EventAction.Blocked : EventAction.Flagged;
        metrics.Count(MetricNames.Detection(category, action));
        Send(NewEvent(exchange, ruleId, category, EventSeverity.Medium, action, EventAction.PhaseRequest, evidence, 0, 0, LimitTags));
    }

    private static readonly string[] LimitTags = ["owasp-llm:LLM10", "owasp-agentic:ASI08", "mitre-atlas:AML.T0029", "nist-ai-rmf:MANAGE 2.4"];

    private void Emit(InspectorHolder.Loaded stack, RuleInfo rule, in Finding finding, ReadOnlySpan<byte> span, ExchangeInfo exchange, ScanPhase phase, string action) =>
        Send(NewEvent(
            exchange,
            rule.Id,
            rule.Category,
            SeverityName(rule.Severity),
            action,
            phase == ScanPhase.Request ? EventAction.PhaseRequest : EventAction.PhaseResponse,
            Evidence(rule, span),
            finding.Start,
            finding.End,
            stack.Tags[finding.RuleIndex]));

    private DetectionEvent NewEvent(ExchangeInfo exchange, string ruleId, string category, string severity, string action, string phase, string evidence, int start, int end, string[] tags)
    {
        var client = exchange.ForEvents;
        return new()
        {
            EventId = DetectionEvent.NewId(),
            Timestamp = DateTimeOffset.UtcNow,
            GatewayId = gatewayId,
            RuleId = ruleId,
            Category = category,
            Severity = severity,
            Action = action,
            Phase = phase,
            Mode = exchange.Enforce ? PolicyMode.Enforce : PolicyMode.Monitor,
            Evidence = evidence,
            SpanStart = start,
            SpanEnd = end,
            Model = client.Model,
            Route = client.Route,
            KeyAlias = client.KeyAlias,
            Team = client.Team,
            User = client.User,
            EndUser = client.EndUser,
            LiteLlmCallId = client.CallId,
            RequestId = client.RequestId,
            TraceParent = client.TraceParent,
            AmznTraceId = client.AmznTraceId,
            Tags = tags,
        };
    }

    private void Send(DetectionEvent e)
    {
        if (!sink.TryEmit(e))
        {
            metrics.Count(MetricNames.EventsNotAccepted);
        }
    }

    /// <summary>Evidence an analyst can act on without the event itself leaking the secret or the PII.</summary>
    internal static string Evidence(RuleInfo rule, ReadOnlySpan<byte> span)
    {
        if (rule.Redactable)
        {
            var keep = Math.Min(4, span.Length / 4);
            return Encoding.UTF8.GetString(span[..keep]) + "…[" + span.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes redacted]";
        }

        return span.Length <= MaxEvidenceBytes ? Encoding.UTF8.GetString(span) : Encoding.UTF8.GetString(span[..MaxEvidenceBytes]) + "…";
    }

    internal static string SeverityName(Severity severity) => severity switch
    {
        Severity.Info => EventSeverity.Info,
        Severity.Low => EventSeverity.Low,
        Severity.Medium => EventSeverity.Medium,
        Severity.High => EventSeverity.High,
        _ => EventSeverity.Critical,
    };

    private static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> text, in Finding finding)
    {
        var start = Math.Clamp(finding.Start, 0, text.Length);
        var end = Math.Clamp(finding.End, start, text.Length);
        return text[start..end];
    }

    private static bool HasTextSuppressions(GatewayPolicy policy)
    {
        foreach (var s in policy.Suppressions)
        {
            if (s.TextSha256 is not null)
            {
                return true;
            }
        }

        return false;
    }

    private static string Sha256Hex(ReadOnlySpan<byte> span)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(span, hash);
        return Convert.ToHexStringLower(hash);
    }
}
