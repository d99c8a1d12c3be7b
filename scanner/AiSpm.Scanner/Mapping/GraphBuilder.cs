using AiSpm.Scanner.Model;

namespace AiSpm.Scanner.Mapping;

/// <summary>
/// Collects assets and edges while answers are mapped. An asset is keyed by kind and native id, so a reference seen
/// before the asset itself (an agent's role ARN before the role) lands on the same node; ids are resolved at
/// <see cref="Build"/> time, once every answer has had its say about ARNs, accounts and regions.
/// </summary>
internal sealed class GraphBuilder
{
    private readonly Dictionary<(string Kind, string NativeId), AssetNode> _nodes = [];
    private readonly HashSet<(AssetNode From, AssetNode To, string Type)> _edges = [];
    private readonly List<AssetNode> _order = [];

    public IEnumerable<AssetNode> Nodes => _order;

    public AssetNode Node(string provider, string kind, string nativeId, string source)
    {
        if (!_nodes.TryGetValue((kind, nativeId), out var node))
        {
            node = new AssetNode(provider, kind, nativeId);
            _nodes.Add((kind, nativeId), node);
            _order.Add(node);
        }

        node.Sources.Add(source);
        return node;
    }

    public AssetNode? Find(string kind, string nativeId) => _nodes.GetValueOrDefault((kind, nativeId));

    public void Edge(AssetNode from, AssetNode to, string type)
    {
        if (!ReferenceEquals(from, to))
        {
            _edges.Add((from, to, type));
        }
    }

    public bool HasEdge(AssetNode from, string type)
    {
        foreach (var e in _edges)
        {
            if (ReferenceEquals(e.From, from) && e.Type == type)
            {
                return true;
            }
        }

        return false;
    }

    public bool IsTarget(AssetNode to)
    {
        foreach (var e in _edges)
        {
            if (ReferenceEquals(e.To, to))
            {
                return true;
            }
        }

        return false;
    }

    public (List<Asset> Assets, List<Edge> Edges) Build(string? defaultAccount, string? defaultRegion, DateTimeOffset at)
    {
        var ids = new Dictionary<AssetNode, string>(_order.Count);
        var assets = new List<Asset>(_order.Count);
        foreach (var n in _order)
        {
            var account = n.Account ?? (n.Provider == Providers.Aws ? defaultAccount : null);
            var region = n.Region ?? (n.Provider == Providers.Aws ? defaultRegion : null);
            var id = n.Arn ?? FillPattern(n.ArnPattern, account, region) ?? n.Provider + ":" + n.Kind + ":" + n.NativeId;
            ids[n] = id;
            var owner = n.Owner ?? Tag(n.Tags, "owner") ?? Tag(n.Tags, "team") ?? Tag(n.Tags, "aispm:team");
            assets.Add(new Asset
            {
                Id = id,
                Kind = n.Kind,
                Provider = n.Provider,
                Account = n.Kind == AssetKinds.Model && n.Arn is null && n.ArnPattern is not null && !n.ArnPattern.Contains("{account}", StringComparison.Ordinal) ? null : account,
                Region = n.Kind == AssetKinds.Role ? null : region,
                Name = n.Name ?? n.NativeId,
                Tags = new SortedDictionary<string, string>(n.Tags, StringComparer.Ordinal),
                Owner = owner,
                Document = n.Document,
                FirstSeen = at,
                LastSeen = at,
                Sources = [.. n.Sources],
            });
        }

        var edges = new List<Edge>(_edges.Count);
        foreach (var (from, to, type) in _edges)
        {
            edges.Add(new Edge(ids[from], ids[to], type));
        }

        edges.Sort(static (a, b) =>
        {
            var c = string.CompareOrdinal(a.From, b.From);
            if (c == 0)
            {
                c = string.CompareOrdinal(a.Type, b.Type);
            }

            return c != 0 ? c : string.CompareOrdinal(a.To, b.To);
        });
        assets.Sort(static (a, b) => string.CompareOrdinal(a.Id, b.Id));
        return (assets, edges);
    }

    private static string? Tag(Dictionary<string, string> tags, string name)
    {
        foreach (var (k, v) in tags)
        {
            if (k.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return v;
            }
        }

        return null;
    }

    private static string? FillPattern(string? pattern, string? account, string? region)
    {
        if (pattern is null)
        {
            return null;
        }

        if ((pattern.Contains("{account}", StringComparison.Ordinal) && account is null) ||
            (pattern.Contains("{region}", StringComparison.Ordinal) && region is null))
        {
            return null;
        }

        return pattern.Replace("{account}", account, StringComparison.Ordinal).Replace("{region}", region, StringComparison.Ordinal);
    }
}
