using System.Globalization;
using System.Text.Json.Nodes;
using AiSpm.Scanner.Model;

namespace AiSpm.Scanner.Mapping;

public sealed partial class EstateMapper
{
    /// <summary>
    /// Each service-graph node becomes a <c>service</c> asset whose document holds the node and a <c>baseline</c>
    /// (requests, error, fault and throttle rates, p50/p95 latency, calls per minute over the window); each graph edge
    /// becomes a <c>calls</c> edge, its statistics kept under the caller's <c>callsTo</c>.
    /// </summary>
    private void XRayServiceGraph(JsonNode body)
    {
        var minutes = WindowMinutes(body["StartTime"], body["EndTime"]);
        var byReference = new Dictionary<string, AssetNode>(StringComparer.Ordinal);
        var services = new List<JsonObject>(Json.Objects(body, "Services"));
        foreach (var s in services)
        {
            var name = Json.Str(s, "Name") ?? "?";
            var type = Json.Str(s, "Type") ?? "unknown";
            var account = Json.Str(s, "AccountId");
            var node = Aws(AssetKinds.Service, (account is null ? "" : account + "/") + type + "/" + name);
            node.Name = name;
            node.Account ??= account;
            node.Merge(Json.Without(s, "Edges"));
            node.Document["baseline"] = Baseline(Json.Obj(s, "SummaryStatistics"), Json.Arr(s, "ResponseTimeHistogram"), minutes);
            if (Json.Str(s, "ReferenceId") is { } reference)
            {
                byReference[reference] = node;
            }
        }

        foreach (var s in services)
        {
            if (Json.Str(s, "ReferenceId") is not { } from || !byReference.TryGetValue(from, out var caller))
            {
                continue;
            }

            var calls = new JsonArray();
            foreach (var e in Json.Objects(s, "Edges"))
            {
                if (Json.Str(e, "ReferenceId") is { } to && byReference.TryGetValue(to, out var callee))
                {
                    _graph.Edge(caller, callee, EdgeTypes.Calls);
                    var stats = Baseline(Json.Obj(e, "SummaryStatistics"), Json.Arr(e, "ResponseTimeHistogram"), minutes);
                    stats["to"] = callee.Name;
                    calls.Add((JsonNode)stats);
                }
            }

            caller.Document["callsTo"] = calls;
        }
    }

    private static double? WindowMinutes(JsonNode? start, JsonNode? end)
    {
        if (Time(start) is { } s && Time(end) is { } e && e > s)
        {
            return (e - s).TotalMinutes;
        }

        return null;
    }

    /// <summary>A timestamp as the CLI prints it (ISO 8601) or as the REST-JSON API sends it (epoch seconds).</summary>
    private static DateTimeOffset? Time(JsonNode? node)
    {
        if (node is not JsonValue v)
        {
            return null;
        }

        if (v.TryGetValue<double>(out var seconds))
        {
            return DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
        }

        return v.TryGetValue<string>(out var s) && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
    }

    private static JsonObject Baseline(JsonObject? stats, JsonArray histogram, double? minutes)
    {
        var total = Number(stats?["TotalCount"]);
        var errors = Number(Json.Obj(stats, "ErrorStatistics")?["TotalCount"]);
        var throttles = Number(Json.Obj(stats, "ErrorStatistics")?["ThrottleCount"]);
        var faults = Number(Json.Obj(stats, "FaultStatistics")?["TotalCount"]);
        var o = new JsonObject
        {
            ["requests"] = total,
            ["errors"] = errors,
            ["faults"] = faults,
            ["throttles"] = throttles,
            ["errorRate"] = total > 0 ? errors / total : 0,
            ["faultRate"] = total > 0 ? faults / total : 0,
            ["throttleRate"] = total > 0 ? throttles / total : 0,
            ["p50Seconds"] = Percentile(histogram, 0.50),
            ["p95Seconds"] = Percentile(histogram, 0.95),
        };
        if (minutes is { } m && m > 0)
        {
            o["callsPerMinute"] = total / m;
        }

        return o;
    }

    private static double Number(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<double>(out var d) ? d : 0;

    /// <summary>The value below which <paramref name="q"/> of the histogram's counts fall (buckets sorted by value).</summary>
    internal static double? Percentile(JsonArray histogram, double q)
    {
        var buckets = new List<(double Value, double Count)>();
        double total = 0;
        foreach (var b in histogram)
        {
            var value = Number(b?["Value"]);
            var count = Number(b?["Count"]);
            buckets.Add((value, count));
            total += count;
        }

        if (total <= 0)
        {
            return null;
        }

        buckets.Sort(static (a, b) => a.Value.CompareTo(b.Value));
        double seen = 0;
        foreach (var (value, count) in buckets)
        {
            seen += count;
            if (seen >= q * total)
            {
                return value;
            }
        }

        return buckets[^1].Value;
    }
}
