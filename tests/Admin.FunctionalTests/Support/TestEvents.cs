using System.Text.Json;
using AiSpm.Contracts;

namespace AiSpm.Admin.FunctionalTests.Support;

internal static class TestEvents
{
    public static DetectionEvent Make(int n, string key = "alice") => new()
    {
        EventId = DetectionEvent.NewId(),
        Timestamp = DateTimeOffset.UtcNow,
        GatewayId = "gw-test",
        RuleId = "jb.dan",
        Category = "jailbreak",
        Severity = "high",
        Action = "flagged",
        Phase = "request",
        Mode = "monitor",
        Evidence = "sample " + n,
        KeyAlias = key,
        Model = "gpt-4o",
        Tags = ["owasp-llm:LLM01"],
    };

    /// <summary>Every stored event id, paging through GET /spm/api/events.</summary>
    public static async Task<List<string>> AllIdsAsync(HttpClient admin, string? key = null)
    {
        var ids = new List<string>();
        string? cursor = null;
        do
        {
            var url = "/spm/api/events?limit=1000" + (key is null ? "" : "&key=" + key) + (cursor is null ? "" : "&cursor=" + cursor);
            using var doc = JsonDocument.Parse(await admin.GetStringAsync(url));
            foreach (var item in doc.RootElement.GetProperty("items").EnumerateArray())
            {
                ids.Add(item.GetProperty("eventId").GetString()!);
            }

            cursor = doc.RootElement.TryGetProperty("nextCursor", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        }
        while (cursor is not null);
        return ids;
    }
}
