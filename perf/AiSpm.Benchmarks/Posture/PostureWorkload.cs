using System.Text.Json.Nodes;
using AiSpm.Benchmarks.Inputs;
using AiSpm.Posture.Controls;
using AiSpm.Rego;
using AiSpm.Scanner.Mapping;
using AiSpm.Scanner.Model;
using AiSpm.Scanner.Offline;

namespace AiSpm.Benchmarks.Posture;

/// <summary>
/// The posture benchmark's inputs: the shipped controls plus renamed copies up to <c>controlCount</c> (each compiled
/// once), and for every control <c>resourcesPerControl</c> resources it judges, cloned from the scanner's estate export
/// (tests/AiSpm.Scanner.Tests/Exports/estate) with unique ids. A clone's references to assets no control judges (its
/// role) point to a clone of that asset, so a lookup in data.aispm finds one asset per resource, as in a real estate.
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
        var pools = new HashSet<(string, string?)>();
        foreach (var c in controls)
        {
            var key = (c.Metadata.ResourceKind, c.Metadata.ResourceId);
            evaluations += resourcesPerControl;
            if (!pools.Add(key))
            {
                continue;
            }

            var templates = estate.Assets.Where(a => a.Kind == key.ResourceKind && (key.ResourceId is null || Glob(key.ResourceId, a.Id))).OrderBy(a => a.Id, StringComparer.Ordinal).ToList();
            if (templates.Count == 0)
            {
                throw new InvalidOperationException($"the estate has no {key.ResourceKind} matching {key.ResourceId} for {c.Metadata.Id}");
            }

            for (var i = 0; i < resourcesPerControl; i++)
            {
                var t = templates[i % templates.Count];
                var suffix = "-bench" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var id = t.Id + suffix;
                if (!made.Add(id))
                {
                    continue;
                }

                assets.Add(t with { Id = id, Document = (JsonObject)Rewrite(t.Document, suffix, byId, judgedKinds, assets, made)! });
                foreach (var e in estate.Edges)
                {
                    if (e.From == t.Id)
                    {
                        var to = byId.TryGetValue(e.To, out var target) && !judgedKinds.Contains(target.Kind) ? e.To + suffix : e.To;
                        edges.Add(new Edge(id, to, e.Type));
                    }
                }
            }
        }

        return new PostureWorkload(controls, assets, edges, evaluations);
    }

    /// <summary>A copy of the document whose strings naming a related (unjudged) asset name its clone instead; the clone is added once.</summary>
    private static JsonNode? Rewrite(JsonNode? node, string suffix, Dictionary<string, Asset> byId, HashSet<string> judged, List<Asset> assets, HashSet<string> made)
    {
        switch (node)
        {
            case JsonObject o:
                var copy = new JsonObject();
                foreach (var (k, v) in o)
                {
                    copy[k] = Rewrite(v, suffix, byId, judged, assets, made);
                }

                return copy;
            case JsonArray a:
                var arr = new JsonArray();
                foreach (var v in a)
                {
                    arr.Add(Rewrite(v, suffix, byId, judged, assets, made));
                }

                return arr;
            case JsonValue v when v.TryGetValue<string>(out var s) && byId.TryGetValue(s, out var related) && !judged.Contains(related.Kind):
                var id = s + suffix;
                if (made.Add(id))
                {
                    assets.Add(related with { Id = id, Document = (JsonObject)related.Document.DeepClone() });
                }

                return JsonValue.Create(id);
            default:
                return node?.DeepClone();
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
}
