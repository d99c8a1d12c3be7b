using System.Text.Json.Nodes;

namespace AiSpm.Scanner.Model;

/// <summary>
/// Diffs a rescan against the assets and edges stored before it. Unchanged assets are not written again (their
/// <c>lastSeen</c> is the time of the last run that saw them, which the run record keeps), so a rescan with nothing
/// changed yields an empty <see cref="ChangeSet"/>.
/// </summary>
public static class ChangeDetector
{
    /// <param name="inScope">Which previous assets this scan is answerable for (for example those of the connectors that
    /// succeeded); an asset out of scope is never reported removed. All are in scope when null.</param>
    public static ChangeSet Detect(
        IReadOnlyCollection<Asset> previous,
        IReadOnlyCollection<Edge> previousEdges,
        IReadOnlyCollection<Asset> current,
        IReadOnlyCollection<Edge> currentEdges,
        string scanId,
        DateTimeOffset at,
        Func<Asset, bool>? inScope = null)
    {
        var before = new Dictionary<string, Asset>(previous.Count, StringComparer.Ordinal);
        foreach (var a in previous)
        {
            before[a.Id] = a;
        }

        var upserts = new List<Asset>();
        var changes = new List<ChangeRecord>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var now in current)
        {
            seen.Add(now.Id);
            if (!before.TryGetValue(now.Id, out var old))
            {
                upserts.Add(now with { FirstSeen = at, LastSeen = at });
                changes.Add(new ChangeRecord(now.Id, ChangeKind.Added, scanId, at, []));
                continue;
            }

            var fields = Diff(old, now);
            if (fields.Count == 0)
            {
                continue;
            }

            upserts.Add(now with { FirstSeen = old.FirstSeen, LastSeen = at });
            changes.Add(new ChangeRecord(now.Id, ChangeKind.Modified, scanId, at, fields));
        }

        var removed = new List<string>();
        foreach (var old in previous)
        {
            if (!seen.Contains(old.Id) && (inScope is null || inScope(old)))
            {
                removed.Add(old.Id);
                changes.Add(new ChangeRecord(old.Id, ChangeKind.Removed, scanId, at, []));
            }
        }

        var oldEdges = new HashSet<Edge>(previousEdges);
        var newEdges = new HashSet<Edge>(currentEdges);
        var added = new List<Edge>();
        foreach (var e in newEdges)
        {
            if (!oldEdges.Contains(e))
            {
                added.Add(e);
            }
        }

        var gone = new List<Edge>();
        var removedIds = new HashSet<string>(removed, StringComparer.Ordinal);
        foreach (var e in oldEdges)
        {
            // An edge of an out-of-scope asset stays: this scan cannot tell whether it still holds.
            if (!newEdges.Contains(e) && (seen.Contains(e.From) || removedIds.Contains(e.From)))
            {
                gone.Add(e);
            }
        }

        return new ChangeSet(upserts, removed, added, gone, changes);
    }

    /// <summary>The fields that differ between two versions of one asset (timestamps excluded).</summary>
    public static IReadOnlyList<FieldChange> Diff(Asset before, Asset after)
    {
        var list = new List<FieldChange>();
        Scalar(list, "kind", before.Kind, after.Kind);
        Scalar(list, "provider", before.Provider, after.Provider);
        Scalar(list, "account", before.Account, after.Account);
        Scalar(list, "region", before.Region, after.Region);
        Scalar(list, "name", before.Name, after.Name);
        Scalar(list, "owner", before.Owner, after.Owner);
        Compare(list, "tags", ToNode(before.Tags), ToNode(after.Tags));
        Compare(list, "sources", ToNode(before.Sources), ToNode(after.Sources));
        Compare(list, "document", before.Document, after.Document);
        return list;
    }

    private static void Scalar(List<FieldChange> list, string path, string? before, string? after)
    {
        if (!string.Equals(before, after, StringComparison.Ordinal))
        {
            list.Add(new FieldChange(path, before is null ? null : JsonValue.Create(before), after is null ? null : JsonValue.Create(after)));
        }
    }

    private static void Compare(List<FieldChange> list, string path, JsonNode? before, JsonNode? after)
    {
        if (before is JsonObject bo && after is JsonObject ao)
        {
            foreach (var (name, value) in bo)
            {
                Compare(list, path + "." + name, value, ao.TryGetPropertyValue(name, out var other) ? other : null);
            }

            foreach (var (name, value) in ao)
            {
                if (!bo.ContainsKey(name))
                {
                    Compare(list, path + "." + name, null, value);
                }
            }

            return;
        }

        if (before is JsonArray ba && after is JsonArray aa && ba.Count == aa.Count)
        {
            for (var i = 0; i < ba.Count; i++)
            {
                Compare(list, path + "[" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]", ba[i], aa[i]);
            }

            return;
        }

        if (!JsonNode.DeepEquals(before, after))
        {
            list.Add(new FieldChange(path, before?.DeepClone(), after?.DeepClone()));
        }
    }

    private static JsonObject ToNode(IReadOnlyDictionary<string, string> tags)
    {
        var o = new JsonObject();
        foreach (var (k, v) in tags)
        {
            o[k] = v;
        }

        return o;
    }

    private static JsonArray ToNode(IReadOnlyList<string> values)
    {
        var a = new JsonArray();
        foreach (var v in values)
        {
            a.Add((JsonNode?)JsonValue.Create(v));
        }

        return a;
    }
}
