using System.Text.Json.Nodes;
using AiSpm.Benchmarks.Inputs;
using AiSpm.Posture.Behaviour;
using AiSpm.Posture.Controls;
using AiSpm.Rego;
using AiSpm.Scanner.Mapping;
using AiSpm.Scanner.Model;
using AiSpm.Scanner.Offline;

namespace AiSpm.Benchmarks.Posture;

/// <summary>
/// The posture benchmark's inputs: the shipped controls plus renamed copies up to <c>controlCount</c> (each compiled
/// once), and for every control <c>resourcesPerControl</c> resources it judges, cloned from the scanner's estate export
/// (tests/AiSpm.Scanner.Tests/Exports/estate) with unique ids. A clone's references to assets no control judges (a
/// team) point to a clone of that asset, so a lookup in data.aispm finds one asset per resource, as in a real estate.
/// References to an asset of a judged kind (an agent's role, once `excessive_agent_privilege` judges roles; a service's
/// callee) point to one of that asset's clones in its own pool, spread evenly, so each is shared by a few resources
/// whatever the estate's size: pointing every clone at the one original made a 10,000-agent estate share one role, and
/// `bedrock_agent_role_not_shared` then rightly listed 9,999 other agents per agent (quadratic, 522 s).
/// The estate gets an X-Ray service graph (a service calling an expected and an unexpected one) and the behaviour
/// controls real traffic to judge: a baseline and a recent minute for every key and route name, one key 5x over its
/// baseline and untraced (<see cref="Traffic"/>, built into <c>data.aispm.behaviour</c> with the inventory).
/// </summary>
internal sealed class PostureWorkload
{
    private PostureWorkload(IReadOnlyList<Control> controls, List<Asset> assets, List<Edge> edges, long evaluations)
    {
        Controls = controls;
        Assets = assets;
        Edges = edges;
        Evaluations = evaluations;
    }

    public IReadOnlyList<Control> Controls { get; }

    public List<Asset> Assets { get; }

    public List<Edge> Edges { get; }

    /// <summary>(control, resource) pairs the run evaluates.</summary>
    public long Evaluations { get; }

    /// <summary>Traffic summaries for the behaviour controls.</summary>
    public List<TrafficSample> Traffic { get; } = [];

    /// <summary>What the controls read as <c>data.aispm.config</c>.</summary>
    public static JsonObject Config => new() { ["expected_dependencies"] = new JsonObject { ["bench-agent"] = new JsonArray("bedrock-runtime") } };

    /// <summary>The time the traffic is judged at.</summary>
    public static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<Control> LoadControls(int controlCount)
    {
        var dir = Path.Combine(RepoPaths.Root, "config", "controls");
        var catalog = ControlLoader.LoadDirectory(dir);
        if (catalog.Errors.Count > 0)
        {
            throw new InvalidOperationException("controls refused: " + string.Join("; ", catalog.Errors));
        }

        var lib = new List<RegoSource>();
        foreach (var f in Directory.EnumerateFiles(Path.Combine(dir, "lib"), "*.rego").Order(StringComparer.Ordinal))
        {
            lib.Add(new RegoSource(f, File.ReadAllText(f)));
        }

        var controls = new List<Control>(catalog.Controls);
        for (var round = 2; controls.Count < controlCount; round++)
        {
            foreach (var c in catalog.Controls)
            {
                if (controls.Count == controlCount)
                {
                    break;
                }

                // A variant: the same rules under another package and id, compiled as a control of its own.
                var text = c.Text
                    .Replace("package " + c.Package, "package " + c.Package + "_v" + round, StringComparison.Ordinal)
                    .Replace("id: " + c.Metadata.Id, "id: " + c.Metadata.Id + "-v" + round, StringComparison.Ordinal);
                var (variant, error) = ControlLoader.Load(new RegoSource(c.File + "#v" + round, text), null, lib);
                controls.Add(variant ?? throw new InvalidOperationException(error!.ToString()));
            }
        }

        return controls.Count > controlCount ? controls.GetRange(0, controlCount) : controls;
    }

    public static PostureWorkload Create(IReadOnlyList<Control> controls, int resourcesPerControl)
    {
        var (answers, _) = OfflineExport.Read(Path.Combine(RepoPaths.Root, "tests", "AiSpm.Scanner.Tests", "Exports", "estate"));
        answers.Add(new ProviderAnswer("xray", "get-service-graph", JsonNode.Parse(ServiceGraph), Region: "us-east-1", Origin: "bench"));
        var estate = EstateMapper.Map(answers, "bench", DateTimeOffset.UnixEpoch);
        var judgedKinds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in controls)
        {
            judgedKinds.Add(c.Metadata.ResourceKind);
        }

        var byId = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var a in estate.Assets)
        {
            byId[a.Id] = a;
        }

        var assets = new List<Asset>();
        var edges = new List<Edge>();
        var made = new HashSet<string>(StringComparer.Ordinal);

        // Assets no control judges (roles, teams, functions) stay as related data.
        foreach (var a in estate.Assets)
        {
            if (!judgedKinds.Contains(a.Kind))
            {
                assets.Add(a);
                made.Add(a.Id);
            }
        }

        long evaluations = 0;
        var pools = new List<List<Asset>>();
        var seen = new HashSet<(string, string?)>();
        foreach (var c in controls)
        {
            var key = (c.Metadata.ResourceKind, c.Metadata.ResourceId);
            evaluations += resourcesPerControl;
            if (!seen.Add(key))
            {
                continue;
            }

            var templates = estate.Assets.Where(a => a.Kind == key.ResourceKind && (key.ResourceId is null || Glob(key.ResourceId, a.Id))).OrderBy(a => a.Id, StringComparer.Ordinal).ToList();
            if (templates.Count == 0)
            {
                throw new InvalidOperationException($"the estate has no {key.ResourceKind} matching {key.ResourceId} for {c.Metadata.Id}");
            }

            pools.Add(templates);
        }

        // Where each judged asset's clones are in its pool: clone j of a pool is templates[j % count] + "-bench" + j.
        var clonesOf = new Dictionary<string, (int First, int Step)>(StringComparer.Ordinal);
        foreach (var templates in pools)
        {
            for (var t = 0; t < templates.Count && t < resourcesPerControl; t++)
            {
                clonesOf.TryAdd(templates[t].Id, (t, templates.Count));
            }
        }

        foreach (var templates in pools)
        {
            for (var i = 0; i < resourcesPerControl; i++)
            {
                var t = templates[i % templates.Count];
                var suffix = Suffix(i);
                var id = t.Id + suffix;
                if (!made.Add(id))
                {
                    continue;
                }

                var clone = new Cloning(t.Id, suffix, i, resourcesPerControl, byId, judgedKinds, clonesOf, assets, made);
                assets.Add(t with { Id = id, Document = (JsonObject)clone.Rewrite(t.Document)! });
                foreach (var e in estate.Edges)
                {
                    if (e.From == t.Id)
                    {
                        edges.Add(new Edge(id, clone.Target(e.To) ?? e.To, e.Type));
                    }
                }
            }
        }

        var workload = new PostureWorkload(controls, assets, edges, evaluations);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var a in estate.Assets)
        {
            if (a.Kind is AssetKinds.Key or AssetKinds.Route)
            {
                names.Add(a.Name);
            }
        }

        var first = true;
        foreach (var name in names)
        {
            for (var day = 10; day >= 2; day--)
            {
                workload.Traffic.Add(new TrafficSample { Minute = Now.AddDays(-day), Route = "chat_completions", Key = name, Model = name, Requests = 100, WithTraceparent = 100, LatencyP99Ms = 900 });
            }

            workload.Traffic.Add(new TrafficSample { Minute = Now.AddHours(-1), Route = "chat_completions", Key = name, Model = name, Requests = first ? 500 : 120, WithTraceparent = first ? 0 : 120, RateLimited = 3, LatencyP99Ms = first ? 4000 : 950 });
            first = false;
        }

        return workload;
    }

    private static string Suffix(int i) => "-bench" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Rewrites one clone's references (clone <c>Index</c> of its pool).</summary>
    private sealed record Cloning(
        string Self,
        string Suffix,
        int Index,
        int PerPool,
        Dictionary<string, Asset> ById,
        HashSet<string> Judged,
        Dictionary<string, (int First, int Step)> ClonesOf,
        List<Asset> Assets,
        HashSet<string> Made)
    {
        /// <summary>The id a reference to <paramref name="target"/> names in this clone, or null to keep it: the clone's own
        /// copy of an unjudged asset (added once), or one of a judged asset's clones in its pool.</summary>
        public string? Target(string target)
        {
            if (target == Self)
            {
                return target + Suffix;
            }

            if (!ById.TryGetValue(target, out var related))
            {
                return null;
            }

            if (!Judged.Contains(related.Kind))
            {
                var id = target + Suffix;
                if (Made.Add(id))
                {
                    Assets.Add(related with { Id = id, Document = (JsonObject)related.Document.DeepClone() });
                }

                return id;
            }

            if (!ClonesOf.TryGetValue(target, out var at))
            {
                return null;
            }

            // Clones first, first + step, ... below PerPool exist; this clone takes the one its index falls on.
            var count = ((PerPool - 1 - at.First) / at.Step) + 1;
            return target + PostureWorkload.Suffix(at.First + (at.Step * (Index % count)));
        }

        /// <summary>A copy of the document whose strings naming a related asset name <see cref="Target"/> instead.</summary>
        public JsonNode? Rewrite(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    var copy = new JsonObject();
                    foreach (var (k, v) in o)
                    {
                        copy[k] = Rewrite(v);
                    }

                    return copy;
                case JsonArray a:
                    var arr = new JsonArray();
                    foreach (var v in a)
                    {
                        arr.Add(Rewrite(v));
                    }

                    return arr;
                case JsonValue v when v.TryGetValue<string>(out var s) && Target(s) is { } id:
                    return JsonValue.Create(id);
                default:
                    return node?.DeepClone();
            }
        }
    }

    private static bool Glob(string pattern, string text)
    {
        var parts = pattern.Split('*');
        if (!text.StartsWith(parts[0], StringComparison.Ordinal) || !text.EndsWith(parts[^1], StringComparison.Ordinal))
        {
            return false;
        }

        var at = parts[0].Length;
        for (var i = 1; i < parts.Length - 1; i++)
        {
            var found = text.IndexOf(parts[i], at, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            at = found + parts[i].Length;
        }

        return at <= text.Length - parts[^1].Length;
    }

    private const string ServiceGraph = """
        {"StartTime": "2026-12-07T06:00:00Z", "EndTime": "2026-12-07T12:00:00Z", "Services": [
          {"ReferenceId": 0, "Name": "bench-agent", "Type": "AWS::Lambda::Function", "AccountId": "123456789012",
           "SummaryStatistics": {"TotalCount": 360, "ErrorStatistics": {"TotalCount": 4, "ThrottleCount": 2}, "FaultStatistics": {"TotalCount": 1}},
           "ResponseTimeHistogram": [{"Value": 0.8, "Count": 300}, {"Value": 2.5, "Count": 60}],
           "Edges": [{"ReferenceId": 1, "SummaryStatistics": {"TotalCount": 360}}, {"ReferenceId": 2, "SummaryStatistics": {"TotalCount": 3}}]},
          {"ReferenceId": 1, "Name": "bedrock-runtime", "Type": "AWS::Bedrock", "Edges": []},
          {"ReferenceId": 2, "Name": "pastebin.com", "Type": "remote", "Edges": []}]}
        """;
}
