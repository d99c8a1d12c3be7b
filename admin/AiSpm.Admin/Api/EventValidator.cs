using System.Text.Json;
using AiSpm.Admin.Json;
using AiSpm.Admin.Storage;
using AiSpm.Contracts;

namespace AiSpm.Admin.Api;

/// <summary>
/// Validates an ingest batch in two layers: the envelope (gateway id, event count), whose errors refuse the whole
/// batch, and each event on its own, whose errors reject only that event so one bad field never costs the others.
/// </summary>
internal static class EventValidator
{
    public const int MaxId = 64;
    public const int MaxName = 256;
    public const int MaxEvidence = 2048;
    public const int MaxTags = 32;

    public static void ValidateEnvelope(EventBatchEnvelope batch, int maxEvents, RequestErrors errors)
    {
        Text(errors, "gatewayId", batch.GatewayId, 1, MaxName);
        if (batch.Events.Length == 0)
        {
            errors.Add("events", "must contain at least one event");
        }
        else if (batch.Events.Length > maxEvents)
        {
            errors.Add("events", "holds " + batch.Events.Length + " events; at most " + maxEvents + " per batch");
        }
    }

    /// <summary>Binds and validates every event; the valid ones go to <paramref name="valid"/>, the rest to <paramref name="rejected"/>.</summary>
    public static void Sort(JsonElement[] events, List<DetectionEvent> valid, List<RejectedEvent> rejected)
    {
        for (var i = 0; i < events.Length; i++)
        {
            var element = events[i];
            if (element.ValueKind != JsonValueKind.Object)
            {
                rejected.Add(new RejectedEvent(i, null, "event", "must be an event object, not " + element.ValueKind.ToString().ToLowerInvariant()));
                continue;
            }

            DetectionEvent? e;
            try
            {
                e = element.Deserialize(AdminJsonContext.Default.DetectionEvent);
            }
            catch (JsonException ex)
            {
                rejected.Add(new RejectedEvent(i, IdOf(element), EventField(ex.Path), JsonBody.Describe(ex)));
                continue;
            }
            catch (InvalidOperationException)
            {
                // A string that is not UTF-8 (or escapes a lone surrogate) passes the parser and fails only when it is
                // transcoded; the event is refused alone (found by IngestFuzzTests: it was a 500 for the whole batch).
                rejected.Add(new RejectedEvent(i, null, "event", "holds a string that is not valid UTF-8"));
                continue;
            }

            var errors = new RequestErrors();
            Validate(e!, errors);
            if (errors.Any)
            {
                var (field, message) = errors.First;
                if (errors.Count > 1)
                {
                    message += " (and " + (errors.Count - 1) + " more invalid fields)";
                }

                rejected.Add(new RejectedEvent(i, IsId(e!.EventId) ? e.EventId : null, field, message));
                continue;
            }

            valid.Add(e!);
        }
    }

    /// <summary>Every error of one event, keyed by its field relative to the event ("requestId", "tags[2]").</summary>
    public static void Validate(DetectionEvent e, RequestErrors errors)
    {
        if (!IsId(e.EventId))
        {
            errors.Add("eventId", "must be 1-" + MaxId + " characters of A-Z, a-z, 0-9, '-' or '_'");
        }

        if (e.Timestamp == default || e.Timestamp.Year < 2000 || e.Timestamp.Year > 9000)
        {
            errors.Add("timestamp", "must be an ISO 8601 time");
        }

        Text(errors, "gatewayId", e.GatewayId, 1, MaxName);
        Text(errors, "ruleId", e.RuleId, 1, MaxName);
        Text(errors, "category", e.Category, 1, 64);
        if (EventSeverity.Rank(e.Severity) < 0)
        {
            errors.Add("severity", "must be one of info, low, medium, high, critical");
        }

        if (!EventAction.IsAction(e.Action))
        {
            errors.Add("action", "must be one of flagged, blocked, redacted, allowed");
        }

        if (!EventAction.IsPhase(e.Phase))
        {
            errors.Add("phase", "must be request or response");
        }

        if (!PolicyMode.IsMode(e.Mode))
        {
            errors.Add("mode", "must be monitor or enforce");
        }

        Text(errors, "evidence", e.Evidence, 0, MaxEvidence);
        if (e.SpanStart < 0)
        {
            errors.Add("spanStart", "must be >= 0");
        }

        if (e.SpanEnd < e.SpanStart)
        {
            errors.Add("spanEnd", "must be >= spanStart");
        }

        Text(errors, "model", e.Model, 0, MaxName);
        Text(errors, "route", e.Route, 0, MaxName);
        Text(errors, "keyAlias", e.KeyAlias, 0, MaxName);
        Text(errors, "team", e.Team, 0, MaxName);
        Text(errors, "user", e.User, 0, MaxName);
        Text(errors, "endUser", e.EndUser, 0, MaxName);
        Text(errors, "liteLlmCallId", e.LiteLlmCallId, 0, MaxName);
        Text(errors, "requestId", e.RequestId, 0, MaxName);
        Text(errors, "traceParent", e.TraceParent, 0, MaxName);
        Text(errors, "amznTraceId", e.AmznTraceId, 0, MaxName);
        if (e.Tags is null)
        {
            errors.Add("tags", "must be an array of strings");
        }
        else if (e.Tags.Length > MaxTags)
        {
            errors.Add("tags", "at most " + MaxTags + " tags");
        }
        else
        {
            for (var t = 0; t < e.Tags.Length; t++)
            {
                Text(errors, "tags[" + t + "]", e.Tags[t], 1, 64);
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

    /// <summary>The event's id when it is a well-formed one, so the caller can match a rejection without trusting the index alone.</summary>
    private static string? IdOf(JsonElement element)
    {
        try
        {
            return element.TryGetProperty("eventId", out var id) && id.ValueKind == JsonValueKind.String && IsId(id.GetString()) ? id.GetString() : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>"$.tags[1]" becomes "tags[1]"; the event itself (e.g. a missing required member) becomes "event".</summary>
    private static string EventField(string? path)
    {
        var field = JsonBody.FieldOf(path);
        return field == "body" ? "event" : field;
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
