using System.Globalization;
using System.Text.Json.Nodes;
using AiSpm.Admin.Storage;
using AiSpm.Admin.Storage.Outbox;

namespace AiSpm.Admin.Sinks;

/// <summary>
/// A finding as an AWS Security Finding Format (2018-10-08) document. The Id is derived from the finding id alone, so
/// every change of a finding replaces the same Security Hub finding instead of adding another.
/// </summary>
internal static class Asff
{
    public const string SchemaVersion = "2018-10-08";

    public static string IdOf(string findingId) => "aispm/" + findingId;

    public static string ProductArn(SinkOptions sink) =>
        "arn:" + sink.Partition + ":securityhub:" + sink.Region + ":" + sink.AccountId + ":product/" + sink.AccountId + "/default";

    public static JsonObject From(OutboxDelivery d, SinkOptions sink)
    {
        var f = d.Finding;
        var posture = SinkRouter.SourceOf(f) == SinkRouter.Posture;
        var resolved = f.Status == FindingStatus.Resolved;
        var fields = new JsonObject
        {
            ["aispm/findingId"] = f.Id,
            ["aispm/type"] = f.Type,
            ["aispm/category"] = f.Category,
            ["aispm/count"] = f.Count.ToString(CultureInfo.InvariantCulture),
            ["aispm/revision"] = f.Revision.ToString(CultureInfo.InvariantCulture),
        };
        if (f.RuleIds.Length > 0)
        {
            fields["aispm/ruleIds"] = Cap(string.Join(",", f.RuleIds), 2048);
        }

        if (f.Tags.Length > 0)
        {
            fields["aispm/frameworkTags"] = Cap(string.Join(",", f.Tags), 2048);
        }

        var doc = new JsonObject
        {
            ["SchemaVersion"] = SchemaVersion,
            ["Id"] = IdOf(f.Id),
            ["ProductArn"] = ProductArn(sink),
            ["GeneratorId"] = "aispm/" + f.Type,
            ["AwsAccountId"] = sink.AccountId,
            ["Types"] = new JsonArray(TypeOf(f)),
            ["FirstObservedAt"] = Time(f.FirstSeen),
            ["LastObservedAt"] = Time(f.LastSeen),
            ["CreatedAt"] = Time(f.FirstSeen),
            // The time of this change: it only grows for a finding, so Security Hub keeps the latest version.
            ["UpdatedAt"] = Time(d.CreatedAt > f.FirstSeen ? d.CreatedAt : f.FirstSeen),
            ["Severity"] = new JsonObject { ["Label"] = Label(f.Severity), ["Original"] = f.Severity },
            ["Title"] = Cap(f.Title, 256),
            ["Description"] = Cap(Description(f), 1024),
            ["Remediation"] = new JsonObject { ["Recommendation"] = new JsonObject { ["Text"] = Cap(f.Remediation, 512) } },
            ["ProductFields"] = fields,
            ["Resources"] = new JsonArray(new JsonObject
            {
                ["Type"] = "Other",
                ["Id"] = Cap(f.Principal, 512),
                ["Partition"] = sink.Partition,
                ["Region"] = sink.Region,
            }),
            ["Workflow"] = new JsonObject { ["Status"] = WorkflowOf(f.Status) },
            ["RecordState"] = resolved ? "ARCHIVED" : "ACTIVE",
        };
        if (posture)
        {
            doc["Compliance"] = new JsonObject { ["Status"] = resolved ? "PASSED" : "FAILED" };
        }

        return doc;
    }

    public static string Label(string severity) => severity switch
    {
        "critical" => "CRITICAL",
        "high" => "HIGH",
        "medium" => "MEDIUM",
        "low" => "LOW",
        _ => "INFORMATIONAL",
    };

    public static string WorkflowOf(string status) => status switch
    {
        FindingStatus.Acknowledged => "NOTIFIED",
        FindingStatus.Resolved => "RESOLVED",
        FindingStatus.Suppressed => "SUPPRESSED",
        _ => "NEW",
    };

    /// <summary>namespace/category/classifier of the ASFF types taxonomy.</summary>
    public static string TypeOf(FindingRecord f) => f.Category switch
    {
        _ when SinkRouter.SourceOf(f) == SinkRouter.Posture => "Software and Configuration Checks/AWS Security Best Practices/AiSpm " + f.Type,
        "jailbreak" => "TTPs/Defense Evasion/LLM Jailbreak",
        "prompt_injection" => "TTPs/Initial Access/LLM Prompt Injection",
        "system_prompt_extraction" => "TTPs/Discovery/LLM System Prompt Extraction",
        "memory_poisoning" => "TTPs/Persistence/LLM Memory Poisoning",
        "pii" => "Sensitive Data Identifications/PII/LLM Traffic",
        "secret" => "Sensitive Data Identifications/Passwords/LLM Traffic",
        "insecure_output" => "Effects/Data Exposure/LLM Insecure Output",
        "tool_misuse" or "excessive_agency" => "TTPs/Execution/LLM Agent Misuse",
        "rate" or "token_volume" => "Effects/Resource Consumption/LLM Usage Above Policy",
        _ => "Unusual Behaviors/Application/AiSpm " + f.Category,
    };

    private static string Description(FindingRecord f) =>
        f.Title + ": " + f.Count.ToString(CultureInfo.InvariantCulture) + " events by " + f.Principal + " between "
        + Time(f.FirstSeen) + " and " + Time(f.LastSeen) + " (rules " + string.Join(", ", f.RuleIds) + "). Status: " + f.Status
        + (f.StatusReason is { } why ? " (" + why + ")" : "") + ".";

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Cap(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
