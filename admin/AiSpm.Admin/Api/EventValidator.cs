using AiSpm.Contracts;

namespace AiSpm.Admin.Api;

/// <summary>Validates a whole batch before anything is written, collecting every error with its field path.</summary>
internal static class EventValidator
{
    public const int MaxId = 64;
    public const int MaxName = 256;
    public const int MaxEvidence = 2048;
    public const int MaxTags = 32;

    public static void Validate(EventBatch batch, int maxEvents, RequestErrors errors)
    {
        Text(errors, "gatewayId", batch.GatewayId, 1, MaxName);
        if (batch.Events.Length == 0)
        {
            errors.Add("events", "must contain at least one event");
            return;
        }

        if (batch.Events.Length > maxEvents)
        {
            errors.Add("events", "holds " + batch.Events.Length + " events; at most " + maxEvents + " per batch");
            return;
        }

        for (var i = 0; i < batch.Events.Length; i++)
        {
            var e = batch.Events[i];
            var at = "events[" + i + "].";
            if (e is null)
            {
                errors.Add("events[" + i + "]", "must be an event object, not null");
                continue;
            }

            if (!IsId(e.EventId))
            {
                errors.Add(at + "eventId", "must be 1-" + MaxId + " characters of A-Z, a-z, 0-9, '-' or '_'");
            }

            if (e.Timestamp == default || e.Timestamp.Year < 2000 || e.Timestamp.Year > 9000)
            {
                errors.Add(at + "timestamp", "must be an ISO 8601 time");
            }

            Text(errors, at + "gatewayId", e.GatewayId, 1, MaxName);
            Text(errors, at + "ruleId", e.RuleId, 1, MaxName);
            Text(errors, at + "category", e.Category, 1, 64);
            if (EventSeverity.Rank(e.Severity) < 0)
            {
                errors.Add(at + "severity", "must be one of info, low, medium, high, critical");
            }

            if (!EventAction.IsAction(e.Action))
            {
                errors.Add(at + "action", "must be one of flagged, blocked, redacted, allowed");
            }

            if (!EventAction.IsPhase(e.Phase))
            {
                errors.Add(at + "phase", "must be request or response");
            }

            if (!PolicyMode.IsMode(e.Mode))
            {
                errors.Add(at + "mode", "must be monitor or enforce");
            }

            Text(errors, at + "evidence", e.Evidence, 0, MaxEvidence);
            if (e.SpanStart < 0)
            {
                errors.Add(at + "spanStart", "must be >= 0");
            }

            if (e.SpanEnd < e.SpanStart)
            {
                errors.Add(at + "spanEnd", "must be >= spanStart");
            }

            Text(errors, at + "model", e.Model, 0, MaxName);
            Text(errors, at + "route", e.Route, 0, MaxName);
            Text(errors, at + "keyAlias", e.KeyAlias, 0, MaxName);
            Text(errors, at + "team", e.Team, 0, MaxName);
            Text(errors, at + "user", e.User, 0, MaxName);
            Text(errors, at + "endUser", e.EndUser, 0, MaxName);
            Text(errors, at + "liteLlmCallId", e.LiteLlmCallId, 0, MaxName);
            Text(errors, at + "requestId", e.RequestId, 0, MaxName);
            Text(errors, at + "traceParent", e.TraceParent, 0, MaxName);
            Text(errors, at + "amznTraceId", e.AmznTraceId, 0, MaxName);
            if (e.Tags is null)
            {
                errors.Add(at + "tags", "must be an array of strings");
            }
            else if (e.Tags.Length > MaxTags)
            {
                errors.Add(at + "tags", "at most " + MaxTags + " tags");
            }
            else
            {
                for (var t = 0; t < e.Tags.Length; t++)
                {
                    Text(errors, at + "tags[" + t + "]", e.Tags[t], 1, 64);
                }
            }
        }
    }

    private static bool IsId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxId)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    internal static void Text(RequestErrors errors, string field, string? value, int min, int max)
    {
        if (value is null)
        {
            if (min > 0)
            {
                errors.Add(field, "is required");
            }

            return;
        }

        if (value.Length < min || value.Length > max)
        {
            errors.Add(field, min > 0 ? "must be " + min + "-" + max + " characters" : "must be at most " + max + " characters");
        }
    }
}
