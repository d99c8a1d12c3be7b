using System.Globalization;
using System.Text.Json.Nodes;
using AiSpm.Scanner.Model;

namespace AiSpm.Posture.Behaviour;

/// <summary>
/// Builds <c>data.aispm.behaviour</c>: what the assets did, from the gateways' traffic summaries and from X-Ray's
/// service graph (the scanner's <c>service</c> assets and <c>calls</c> edges). The shape, documented for control
/// authors in <c>config/controls/README.md</c>:
/// <code>
/// {"window": {"Now", "RecentDays", "BaselineDays", "TrafficSince"},
///  "assets": {assetId: {"Sources", "LastSeen", "IdleDays", "Recent": {...}, "Baseline": {...}, "XRay": {...}, "Calls": [...]}}}
/// </code>
/// A summary counts for the <c>key</c> assets its key names, the <c>team</c> assets its team names and the
/// <c>route</c> and <c>model</c> assets its model names (by asset name or native id). When any traffic is in the window,
/// every key, team and route gets an entry, so one never seen is idle since the traffic began (or since it was first
/// discovered, if later).
/// </summary>
public static class BehaviourDocument
{
    private static readonly string[] TrafficKinds = [AssetKinds.Key, AssetKinds.Team, AssetKinds.Route];

    public static JsonObject Build(IReadOnlyList<Asset> assets, IReadOnlyList<Edge> edges, IReadOnlyList<TrafficSample> traffic, BehaviourWindow window)
    {
        ArgumentNullException.ThrowIfNull(assets);
        ArgumentNullException.ThrowIfNull(edges);
        ArgumentNullException.ThrowIfNull(traffic);
        ArgumentNullException.ThrowIfNull(window);
        var keys = new NameIndex();
        var teams = new NameIndex();
        var models = new NameIndex();
        var byId = new Dictionary<string, Asset>(assets.Count, StringComparer.Ordinal);
        foreach (var a in assets)
        {
            byId[a.Id] = a;
            var index = a.Kind switch
            {
                AssetKinds.Key => keys,
                AssetKinds.Team => teams,
                AssetKinds.Route or AssetKinds.Model => models,
                _ => null,
            };
            index?.Add(a);
        }

        var totals = new Dictionary<string, Totals>(StringComparer.Ordinal);
        DateTimeOffset? since = null;
        foreach (var s in traffic)
        {
            if (s.Minute < window.Since || s.Minute > window.Now)
            {
                continue;
            }

            since = since is { } t && t <= s.Minute ? t : s.Minute;
            var recent = s.Minute >= window.RecentSince;
            foreach (var id in keys.Find(s.Key))
            {
                Of(totals, id).Add(s, recent);
            }

            foreach (var id in teams.Find(s.Team))
            {
                Of(totals, id).Add(s, recent);
            }

            foreach (var id in models.Find(s.Model))
            {
                Of(totals, id).Add(s, recent);
            }
        }

        var baselineDays = since is { } from
            ? Math.Clamp((window.RecentSince - from).TotalDays, 0, window.Baseline.TotalDays)
            : 0;
        var calls = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var e in edges)
        {
            if (e.Type == EdgeTypes.Calls)
            {
                if (!calls.TryGetValue(e.From, out var list))
                {
                    calls[e.From] = list = [];
                }

                list.Add(e.To);
            }
        }

        var result = new JsonObject();
        foreach (var a in assets)
        {
            var entry = TrafficEntry(a, totals.GetValueOrDefault(a.Id), since, baselineDays, window);
            if (XRay(a, calls.GetValueOrDefault(a.Id), byId) is { } xray)
            {
                entry ??= new JsonObject { ["Sources"] = new JsonArray() };
                ((JsonArray)entry["Sources"]!).Add((JsonNode)JsonValue.Create("xray"));
                foreach (var (k, v) in xray)
                {
                    entry[k] = v?.DeepClone();
                }
            }

            if (entry is not null)
            {
                result[a.Id] = entry;
            }
        }

        return new JsonObject
        {
            ["window"] = new JsonObject
            {
                ["Now"] = Iso(window.Now),
                ["RecentDays"] = window.Recent.TotalDays,
                ["BaselineDays"] = window.Baseline.TotalDays,
                ["TrafficSince"] = since is { } ts ? Iso(ts) : null,
            },
            ["assets"] = result,
        };
    }

    private static JsonObject? TrafficEntry(Asset a, Totals? totals, DateTimeOffset? since, double baselineDays, BehaviourWindow window)
    {
        if (totals is null && (since is null || Array.IndexOf(TrafficKinds, a.Kind) < 0))
        {
            return null;
        }

        totals ??= new Totals();
        // Idle since the last request; never seen: since the traffic began, or since discovery found it if later.
        var idleFrom = totals.LastSeen ?? (a.FirstSeen > since!.Value ? a.FirstSeen : since.Value);
        return new JsonObject
        {
            ["Sources"] = totals.LastSeen is null ? new JsonArray() : new JsonArray("traffic"),
            ["LastSeen"] = totals.LastSeen is { } last ? Iso(last) : null,
            ["IdleDays"] = Round(Math.Max(0, (window.Now - idleFrom).TotalDays)),
            ["Recent"] = totals.Recent.ToJson(window.Recent.TotalDays),
            ["Baseline"] = totals.Baseline.ToJson(baselineDays),
        };
    }

    /// <summary>A service-graph node's statistics (the scanner's <c>baseline</c> and <c>traceSummary</c>) and what it calls.</summary>
    private static JsonObject? XRay(Asset a, List<string>? callees, Dictionary<string, Asset> byId)
    {
        if (a.Kind != AssetKinds.Service)
        {
            return null;
        }

        var o = new JsonObject();
        if (a.Document["baseline"] is JsonObject b)
        {
            var p50 = Number(b["p50Seconds"]);
            var p95 = Number(b["p95Seconds"]);
            o["XRay"] = new JsonObject
            {
                ["Requests"] = Number(b["requests"]) ?? 0,
                ["ErrorRate"] = Number(b["errorRate"]) ?? 0,
                ["FaultRate"] = Number(b["faultRate"]) ?? 0,
                ["ThrottleRate"] = Number(b["throttleRate"]) ?? 0,
                ["RetryRatio"] = Round((Number(b["faultRate"]) ?? 0) + (Number(b["throttleRate"]) ?? 0)),
                ["LatencyP50Ms"] = p50 is { } x ? Round(x * 1000) : null,
                ["LatencyP95Ms"] = p95 is { } y ? Round(y * 1000) : null,
                ["CallsPerMinute"] = Number(b["callsPerMinute"]),
            };
        }

        if (a.Document["traceSummary"] is JsonObject t)
        {
            o["Traces"] = new JsonObject
            {
                ["Traces"] = Number(t["traces"]) ?? 0,
                ["Faults"] = Number(t["faults"]) ?? 0,
                ["Errors"] = Number(t["errors"]) ?? 0,
                ["Throttles"] = Number(t["throttles"]) ?? 0,
            };
        }

        var calls = new JsonArray();
        foreach (var target in callees ?? [])
        {
            var name = byId.TryGetValue(target, out var callee) ? callee.Name : target;
            var call = new JsonObject { ["To"] = target, ["Name"] = name };
            if (a.Document["callsTo"] is JsonArray stats)
            {
                foreach (var s in stats)
                {
                    if (s is JsonObject so && so["to"] is JsonValue v && v.TryGetValue<string>(out var to) && to == name)
                    {
                        call["Requests"] = Number(so["requests"]) ?? 0;
                        call["ErrorRate"] = Number(so["errorRate"]) ?? 0;
                        call["FaultRate"] = Number(so["faultRate"]) ?? 0;
                        call["ThrottleRate"] = Number(so["throttleRate"]) ?? 0;
                        break;
                    }
                }
            }

            calls.Add((JsonNode)call);
        }

        o["Calls"] = calls;
        return o;
    }

    private static Totals Of(Dictionary<string, Totals> totals, string id)
    {
        if (!totals.TryGetValue(id, out var t))
        {
            totals[id] = t = new Totals();
        }

        return t;
    }

    private static double? Number(JsonNode? node) => node is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;

    internal static double Round(double d) => Math.Round(d, 4, MidpointRounding.AwayFromZero);

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Assets of some kinds by name and by native id (what follows <c>provider:kind:</c>).</summary>
    private sealed class NameIndex
    {
        private readonly Dictionary<string, List<string>> _ids = new(StringComparer.Ordinal);

        public void Add(Asset a)
        {
            Add(a.Name, a.Id);
            var prefix = a.Provider + ":" + a.Kind + ":";
            if (a.Id.StartsWith(prefix, StringComparison.Ordinal) && a.Id.Length > prefix.Length && a.Id[prefix.Length..] != a.Name)
            {
                Add(a.Id[prefix.Length..], a.Id);
            }
        }

        public IReadOnlyList<string> Find(string? name) => name is not null && _ids.TryGetValue(name, out var ids) ? ids : [];

        private void Add(string name, string id)
        {
            if (!_ids.TryGetValue(name, out var ids))
            {
                _ids[name] = ids = [];
            }

            if (!ids.Contains(id))
            {
                ids.Add(id);
            }
        }
    }

    private sealed class Totals
    {
        public Window Recent { get; } = new();

        public Window Baseline { get; } = new();

        public DateTimeOffset? LastSeen { get; private set; }

        public void Add(TrafficSample s, bool recent)
        {
            (recent ? Recent : Baseline).Add(s);
            if (s.Requests > 0 && (LastSeen is null || LastSeen < s.Minute))
            {
                LastSeen = s.Minute;
            }
        }
    }

    private sealed class Window
    {
        private long _requests;
        private long _rateLimited;
        private long _serverErrors;
        private long _withTraceparent;
        private double _latencyWeighted;

        public void Add(TrafficSample s)
        {
            _requests += s.Requests;
            _rateLimited += s.RateLimited;
            _serverErrors += s.Status5xx;
            _withTraceparent += s.WithTraceparent;
            _latencyWeighted += s.LatencyP99Ms * s.Requests;
        }

        /// <summary>Latency is the minutes' p99 weighted by their requests (the summaries carry percentiles, not samples).</summary>
        public JsonObject ToJson(double days) => new()
        {
            ["Days"] = Round(days),
            ["Requests"] = _requests,
            ["CallsPerDay"] = days > 0 ? Round(_requests / days) : 0,
            ["RateLimited"] = _rateLimited,
            ["ServerErrors"] = _serverErrors,
            ["RetryRatio"] = _requests > 0 ? Round((double)(_rateLimited + _serverErrors) / _requests) : 0,
            ["LatencyP99Ms"] = _requests > 0 ? Round(_latencyWeighted / _requests) : null,
            ["TraceparentShare"] = _requests > 0 ? Round((double)_withTraceparent / _requests) : null,
        };
    }
}
