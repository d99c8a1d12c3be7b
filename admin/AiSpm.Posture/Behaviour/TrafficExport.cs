using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AiSpm.Posture.Behaviour;

/// <summary>
/// Reads traffic summaries saved from the admin for offline posture: the answer of <c>GET /spm/api/traffic</c>
/// (<c>{"items": [{"gatewayId", "summary": {...}}]}</c>), a <c>traffic:batch</c> body (<c>{"summaries": [...]}</c>)
/// or a bare array of summaries, field names camelCase as the API writes them.
/// </summary>
public static class TrafficExport
{
    public static List<TrafficSample> Read(string path)
    {
        var root = JsonNode.Parse(File.ReadAllBytes(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var list = root switch
        {
            JsonArray a => a,
            JsonObject o when o["items"] is JsonArray items => items,
            JsonObject o when o["summaries"] is JsonArray summaries => summaries,
            _ => throw new JsonException("expected an array of summaries, {\"items\": [...]} or {\"summaries\": [...]}"),
        };
        var samples = new List<TrafficSample>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            var s = list[i] is JsonObject item && item["summary"] is JsonObject inner ? inner : list[i] as JsonObject;
            if (s is null || Text(s, "minute") is not { } minute || !DateTimeOffset.TryParse(minute, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                throw new JsonException($"summary {i}: no minute (an ISO 8601 time)");
            }

            samples.Add(new TrafficSample
            {
                Minute = at,
                Route = Text(s, "route") ?? string.Empty,
                Model = Text(s, "model"),
                Key = Text(s, "key"),
                Team = Text(s, "team"),
                Requests = (long)Number(s, "requests"),
                Status5xx = (long)Number(s, "status5xx"),
                RateLimited = (long)Number(s, "rateLimited"),
                LatencyP99Ms = Number(s, "latencyP99Ms"),
                WithTraceparent = (long)Number(s, "withTraceparent"),
            });
        }

        return samples;
    }

    private static string? Text(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static double Number(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<double>(out var d) ? d : 0;
}
