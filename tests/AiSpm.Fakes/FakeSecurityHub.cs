using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace AiSpm.Fakes;

/// <summary>
/// A FAKE Security Hub on the fake AWS endpoint: <c>BatchImportFindings</c> checks each request against botocore's
/// input shape (a finding that does not match is refused with <c>InvalidInputException</c>, as Security Hub does)
/// and keeps each finding by its Id, a later import replacing the earlier one; <c>GetFindings</c> answers what it
/// kept, filtered by the string filters it names (EQUALS and PREFIX on Id, GeneratorId, Type, SeverityLabel,
/// ComplianceStatus, RecordState, WorkflowStatus, ResourceId). Enough for the demo estate and its walkthrough to read
/// back what the admin's securityhub sink sent, with the same signed call a reader makes against AWS.
/// </summary>
public sealed class FakeSecurityHub
{
    private readonly ConcurrentDictionary<string, JsonObject> _findings = new(StringComparer.Ordinal);

    public IReadOnlyCollection<JsonObject> Findings => [.. _findings.Values];

    public static FakeSecurityHub Attach(FakeAws aws)
    {
        var hub = new FakeSecurityHub();
        aws.On("securityhub:BatchImportFindings", hub.Import);
        aws.On("securityhub:GetFindings", hub.Get);
        return hub;
    }

    private FakeAnswer Import(FakeCall call)
    {
        var errors = ShapeValidator.ValidateInput("securityhub", "BatchImportFindings", call.Input);
        if (errors.Count > 0)
        {
            return FakeAnswer.Error(400, "InvalidInputException", string.Join("; ", errors).Replace("\"", "'", StringComparison.Ordinal));
        }

        var findings = call.Input["Findings"]!.AsArray();
        foreach (var f in findings)
        {
            var finding = f!.AsObject();
            _findings[finding["Id"]!.GetValue<string>()] = (JsonObject)finding.DeepClone();
        }

        return FakeAnswer.Ok(new JsonObject { ["FailedCount"] = 0, ["SuccessCount"] = findings.Count, ["FailedFindings"] = new JsonArray() });
    }

    private FakeAnswer Get(FakeCall call)
    {
        var filters = call.Input["Filters"] as JsonObject ?? [];
        var matched = _findings.Values
            .Where(f => filters.All(filter => Matches(f, filter.Key, filter.Value as JsonArray ?? [])))
            .OrderBy(f => f["Id"]!.GetValue<string>(), StringComparer.Ordinal)
            .Select(f => (JsonNode)f.DeepClone());
        return FakeAnswer.Ok(new JsonObject { ["Findings"] = new JsonArray([.. matched]) });
    }

    private static bool Matches(JsonObject finding, string field, JsonArray conditions)
    {
        var values = ValuesOf(finding, field);
        return conditions.Count == 0 || conditions.Any(c =>
        {
            var value = c!["Value"]!.GetValue<string>();
            var comparison = c["Comparison"]?.GetValue<string>() ?? "EQUALS";
            return values.Any(v => comparison switch
            {
                "PREFIX" => v.StartsWith(value, StringComparison.Ordinal),
                "NOT_EQUALS" => v != value,
                _ => v == value,
            });
        });
    }

    private static IEnumerable<string> ValuesOf(JsonObject f, string field) => field switch
    {
        "Id" or "GeneratorId" or "RecordState" or "AwsAccountId" or "ProductArn" => Str(f[field]),
        "Type" => f["Types"] is JsonArray types ? types.SelectMany(Str) : [],
        "SeverityLabel" => Str(f["Severity"]?["Label"]),
        "ComplianceStatus" => Str(f["Compliance"]?["Status"]),
        "WorkflowStatus" => Str(f["Workflow"]?["Status"]),
        "ResourceId" => f["Resources"] is JsonArray resources ? resources.SelectMany(r => Str(r?["Id"])) : [],
        _ => [],
    };

    private static IEnumerable<string> Str(JsonNode? n) => n is JsonValue v && v.TryGetValue<string>(out var s) ? [s] : [];
}
