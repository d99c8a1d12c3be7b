using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AiSpm.Admin.Api;
using AiSpm.Contracts;

namespace AiSpm.Admin.Integrations;

/// <summary>
/// Reads GuardDuty findings from an EventBridge event (<c>detail-type</c> "GuardDuty Finding") or a raw
/// <c>GetFindings</c> answer (shapes of <c>aws-models/guardduty</c>), keeps the AI-related ones and turns each into a
/// detection event, so it becomes a finding through the same correlator, outbox and Guardian as the gateway's. The
/// event id is a hash of the finding id and <c>updatedAt</c>: the same finding at the same update is a duplicate.
/// </summary>
internal static class GuardDutyFindings
{
    public const string GatewayId = "guardduty";
    public const string Category = "guardduty";

    /// <summary>GuardDuty AI Protection's finding types (Bedrock and SageMaker AI invocations).</summary>
    private static readonly string[] AiTypes =
    [
        "Impact:IAMUser/AnomalousModelInvocation",
        "Impact:IAMUser/CostHarvesting",
        "Impact:IAMUser/PromptInjection.Direct",
    ];

    private static readonly string[] Required = ["schemaVersion", "accountId", "region", "arn", "id", "type", "createdAt", "updatedAt"];

    /// <summary>The findings of <paramref name="root"/>, every problem reported by its field path.</summary>
    public static List<(JsonElement Finding, string Path)> Read(JsonElement root, RequestErrors errors)
    {
        var list = new List<(JsonElement, string)>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("body", "must be a JSON object: an EventBridge GuardDuty Finding event or a GetFindings answer");
            return list;
        }

        if (root.TryGetProperty("detail-type", out var detailType))
        {
            if (detailType.ValueKind != JsonValueKind.String || detailType.GetString() != "GuardDuty Finding")
            {
                errors.Add("detail-type", "must be \"GuardDuty Finding\"");
            }

            if (!root.TryGetProperty("source", out var source) || source.ValueKind != JsonValueKind.String || source.GetString() != "aws.guardduty")
            {
                errors.Add("source", "must be \"aws.guardduty\"");
            }

            if (!root.TryGetProperty("detail", out var detail) || detail.ValueKind != JsonValueKind.Object)
            {
                errors.Add("detail", "must be the GuardDuty finding (an object)");
            }
            else
            {
                list.Add((detail, "detail"));
            }
        }
        else if (root.TryGetProperty("findings", out var findings))
        {
            if (findings.ValueKind != JsonValueKind.Array)
            {
                errors.Add("findings", "must be an array of GuardDuty findings");
                return list;
            }

            var i = 0;
            foreach (var f in findings.EnumerateArray())
            {
                var path = "findings[" + i.ToString(CultureInfo.InvariantCulture) + "]";
                if (f.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(path, "must be an object");
                }
                else
                {
                    list.Add((f, path));
                }

                i++;
            }
        }
        else
        {
            errors.Add("body", "expected an EventBridge event with detail-type \"GuardDuty Finding\" or a GetFindings answer with findings");
        }

        foreach (var (f, path) in list)
        {
            Validate(f, path, errors);
        }

        return list;
    }

    public static bool IsAiRelated(JsonElement finding)
    {
        var type = finding.GetProperty("type").GetString()!;
        if (Array.IndexOf(AiTypes, type) >= 0 || type.Contains("Bedrock", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // Other types count when they name an AI resource (a model or a guardrail).
        var resource = finding.GetProperty("resource");
        return resource.TryGetProperty("modelDetails", out _) || resource.TryGetProperty("bedrockGuardrailDetails", out _);
    }

    /// <summary>A validated, AI-related finding as a detection event; assets it names are linked by ARN in tags.</summary>
    public static DetectionEvent ToEvent(JsonElement f)
    {
        var id = f.GetProperty("id").GetString()!;
        var updatedAt = f.GetProperty("updatedAt").GetString()!;
        var resource = f.GetProperty("resource");
        var tags = new List<string> { "source:guardduty", "aws-arn:" + f.GetProperty("arn").GetString() };
        string? model = null;
        if (resource.TryGetProperty("modelDetails", out var models) && models.ValueKind == JsonValueKind.Array)
        {
            foreach (var m in models.EnumerateArray())
            {
                if (m.TryGetProperty("modelId", out var mid) && mid.GetString() is { Length: > 0 } modelId)
                {
                    model ??= modelId;
                    tags.Add("asset:" + modelId);
                }
            }
        }

        if (resource.TryGetProperty("bedrockGuardrailDetails", out var guardrail) && guardrail.TryGetProperty("guardrailArn", out var garn)
            && garn.GetString() is { Length: > 0 } guardrailArn)
        {
            tags.Add("asset:" + guardrailArn);
        }

        string? user = null;
        if (resource.TryGetProperty("accessKeyDetails", out var key) && key.TryGetProperty("userName", out var name))
        {
            user = name.GetString();
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(id + "\n" + updatedAt), hash);
        var title = f.TryGetProperty("title", out var t) ? t.GetString() : null;
        return new DetectionEvent
        {
            EventId = "gd_" + Convert.ToHexStringLower(hash[..20]),
            Timestamp = DateTimeOffset.Parse(updatedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            GatewayId = GatewayId,
            RuleId = Cut("guardduty:" + f.GetProperty("type").GetString(), EventValidator.MaxName),
            Category = Category,
            Severity = SeverityOf(f.GetProperty("severity").GetDouble()),
            Action = EventAction.Flagged,
            Phase = "request",
            Mode = PolicyMode.Monitor,
            Evidence = title is null ? null : Cut(title, EventValidator.MaxEvidence),
            Model = model is null ? null : Cut(model, EventValidator.MaxName),
            User = user is null ? null : Cut(user, EventValidator.MaxName),
            Tags = [.. tags.Take(EventValidator.MaxTags).Select(s => Cut(s, EventValidator.MaxName))],
        };
    }

    /// <summary>GuardDuty's scale: 9 and up critical, 7 high, 4 medium, below that low.</summary>
    public static string SeverityOf(double s) => s >= 9 ? EventSeverity.Critical : s >= 7 ? EventSeverity.High : s >= 4 ? EventSeverity.Medium : EventSeverity.Low;

    private static void Validate(JsonElement f, string path, RequestErrors errors)
    {
        foreach (var name in Required)
        {
            if (!f.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.String || v.GetString()!.Length == 0)
            {
                errors.Add(path + "." + name, "is required and must be a non-empty string");
            }
        }

        foreach (var name in (ReadOnlySpan<string>)["createdAt", "updatedAt"])
        {
            if (f.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
                && !DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
            {
                errors.Add(path + "." + name, "must be an ISO 8601 time");
            }
        }

        if (!f.TryGetProperty("severity", out var sev) || sev.ValueKind != JsonValueKind.Number || !sev.TryGetDouble(out var s) || s is < 0 or > 10)
        {
            errors.Add(path + ".severity", "is required and must be a number from 0 to 10");
        }

        if (!f.TryGetProperty("resource", out var r) || r.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path + ".resource", "is required and must be an object");
        }
    }

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..max];
}
