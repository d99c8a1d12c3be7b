using System.Text.Json;
using AiSpm.Admin.Json;
using AiSpm.Admin.Storage.Outbox;

namespace AiSpm.Admin.Sinks;

/// <summary>The bodies sinks send, written with Utf8JsonWriter (no reflection, one buffer).</summary>
internal static class SinkMessages
{
    /// <summary>The webhook body: the delivery id (the receiver's idempotency key), the change and the finding after it.</summary>
    public static byte[] Webhook(OutboxDelivery d, DateTimeOffset sentAt)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(2048);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("deliveryId", d.Id);
            w.WriteString("type", "finding." + d.Change);
            w.WriteString("sink", d.Sink);
            w.WriteString("sentAt", sentAt);
            w.WritePropertyName("finding");
            JsonSerializer.Serialize(w, d.Finding, AdminJsonContext.Default.FindingRecord);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// A Slack incoming-webhook message: "text" is the one line notifications and screen readers show, "blocks" the
    /// readable card (title, severity, status, who, how often, what to do).
    /// </summary>
    public static byte[] Slack(OutboxDelivery d)
    {
        var f = d.Finding;
        var what = d.Change switch
        {
            FindingChange.Created => "New finding",
            FindingChange.StatusChanged => "Finding " + f.Status,
            FindingChange.SeverityRaised => "Finding escalated to " + f.Severity,
            _ => "Finding changed",
        };
        var text = what + ": [" + f.Severity.ToUpperInvariant() + "] " + f.Title + " (" + f.Principal + ", "
            + f.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + " events)";
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(2048);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("text", text);
            w.WriteStartArray("blocks");

            w.WriteStartObject();
            w.WriteString("type", "header");
            PlainText(w, "text", Truncate(what + ": " + f.Title, 150));
            w.WriteEndObject();

            w.WriteStartObject();
            w.WriteString("type", "section");
            w.WriteStartArray("fields");
            Field(w, "Severity", f.Severity);
            Field(w, "Status", f.Status);
            Field(w, "Principal", f.Principal);
            Field(w, "Events", f.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Field(w, "Category", f.Category);
            Field(w, "Rules", string.Join(", ", f.RuleIds));
            w.WriteEndArray();
            w.WriteEndObject();

            w.WriteStartObject();
            w.WriteString("type", "section");
            Mrkdwn(w, "text", "*What to do*\n" + Escape(f.Remediation));
            w.WriteEndObject();

            w.WriteStartObject();
            w.WriteString("type", "context");
            w.WriteStartArray("elements");
            w.WriteStartObject();
            w.WriteString("type", "mrkdwn");
            w.WriteString("text", "finding `" + f.Id + "` · delivery `" + d.Id + "`");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void Field(Utf8JsonWriter w, string label, string value)
    {
        w.WriteStartObject();
        w.WriteString("type", "mrkdwn");
        w.WriteString("text", "*" + label + "*\n" + Escape(value));
        w.WriteEndObject();
    }

    private static void PlainText(Utf8JsonWriter w, string property, string value)
    {
        w.WriteStartObject(property);
        w.WriteString("type", "plain_text");
        w.WriteString("text", value);
        w.WriteEndObject();
    }

    private static void Mrkdwn(Utf8JsonWriter w, string property, string value)
    {
        w.WriteStartObject(property);
        w.WriteString("type", "mrkdwn");
        w.WriteString("text", value);
        w.WriteEndObject();
    }

    /// <summary>Slack's mrkdwn treats &amp;, &lt; and &gt; as control characters (links, mentions); escape them as its docs say.</summary>
    private static string Escape(string s) =>
        s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
