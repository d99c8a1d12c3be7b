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
            Emit(stack, rule, finding, Evidence(stack.Inspector.Rules, rule, finding, text, findings, firstFinding), exchange, phase, action);
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

    private void Emit(InspectorHolder.Loaded stack, RuleInfo rule, in Finding finding, string evidence, ExchangeInfo exchange, ScanPhase phase, string action) =>
        Send(NewEvent(
            exchange,
            rule.Id,
            rule.Category,
            SeverityName(rule.Severity),
            action,
            phase == ScanPhase.Request ? EventAction.PhaseRequest : EventAction.PhaseResponse,
            evidence,
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

    /// <summary>
    /// Evidence an analyst can act on without the event itself leaking a secret or PII: a redactable finding keeps a
    /// few leading bytes and its length; any other finding's text has every redactable finding of the same text that
    /// overlaps it cut out (a key inside an <c>&lt;iframe title=...&gt;</c> that an XSS rule matched), whatever rule
    /// made the event and whether or not the redactable finding itself was suppressed.
    /// </summary>
    internal static string Evidence(IReadOnlyList<RuleInfo> rules, RuleInfo rule, in Finding finding, ReadOnlySpan<byte> text, FindingList findings, int firstFinding)
    {
        var span = Slice(text, finding);
        if (rule.Redactable)
        {
            return RedactedSummary(span);
        }

        var start = Math.Clamp(finding.Start, 0, text.Length);
        var end = start + Math.Min(span.Length, MaxEvidenceBytes);
        List<(int Start, int End)>? cuts = null;
        for (var i = firstFinding; i < findings.Count; i++)
        {
            var other = findings[i];
            if ((uint)other.RuleIndex < (uint)rules.Count && rules[other.RuleIndex].Redactable && other.Start < end && other.End > start)
            {
                (cuts ??= []).Add((Math.Max(other.Start, start), Math.Min(other.End, end)));
            }
        }

        var shown = text[start..end];
        var tail = span.Length > MaxEvidenceBytes ? "…" : "";
        if (cuts is null)
        {
            return Encoding.UTF8.GetString(shown) + tail;
        }

        cuts.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        var evidence = new StringBuilder(shown.Length + 32);
        var at = start;
        var c = 0;
        while (c < cuts.Count)
        {
            // Overlapping or touching cuts merge into one.
            var (cutStart, cutEnd) = cuts[c++];
            while (c < cuts.Count && cuts[c].Start <= cutEnd)
            {
                cutEnd = Math.Max(cutEnd, cuts[c++].End);
            }

            evidence.Append(Encoding.UTF8.GetString(text[at..cutStart]));
            evidence.Append('[').Append((cutEnd - cutStart).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(" bytes redacted]");
            at = cutEnd;
        }

        return evidence.Append(Encoding.UTF8.GetString(text[at..end])).Append(tail).ToString();
    }

    private static string RedactedSummary(ReadOnlySpan<byte> span)
    {
        var keep = Math.Min(4, span.Length / 4);
        return Encoding.UTF8.GetString(span[..keep]) + "…[" + span.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes redacted]";
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
