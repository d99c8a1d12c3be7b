using System.Text.Json.Nodes;
using AiSpm.Rego.Values;
using AiSpm.Scanner.Model;

namespace AiSpm.Posture.Evaluation;

/// <summary>
/// The inventory as the controls see it, converted once (documents PascalCased, edges indexed) and shared by every
/// (control, resource) of every evaluation over it; build a new one when the assets change. The `data` a control sees:
/// <list type="bullet">
/// <item><c>data.aispm.assets.KINDs[key]</c>: every asset's PascalCased document by plural kind (`roles`, `teams`, `agents`,
/// `keys`, `guardrails`, `memories`...), under its ARN, or its native id where it has none (`team-sales`).</item>
/// <item><c>data.aispm.by_id[assetId]</c>: the same documents by asset id, the ids edges name.</item>
/// <item><c>data.aispm.edges</c>: every edge as <c>{"From", "To", "Type"}</c>; <c>data.aispm.edges_from[id]</c> the same
/// edges grouped by their source, <c>data.aispm.edges_to[id]</c> by their target, for a lookup instead of a scan.</item>
/// <item><c>data.aispm.behaviour</c>: what the assets did (traffic summaries, X-Ray), see <see cref="Behaviour.BehaviourDocument"/>;
/// empty when there is no such data.</item>
/// <item><c>data.aispm.config</c>: the configured settings; <c>data.aispm.resource</c>: the resource being judged
/// (<c>Id, Kind, Provider, Name, Account, Region, Owner, Tags</c>), the one part that changes per resource.</item>
/// </list>
/// </summary>
public sealed class PostureInventory
{
    private static readonly RegoString AispmKey = new("aispm");
    private static readonly RegoString AssetsKey = new("assets");
    private static readonly RegoString ByIdKey = new("by_id");
    private static readonly RegoString EdgesKey = new("edges");
    private static readonly RegoString EdgesFromKey = new("edges_from");
    private static readonly RegoString EdgesToKey = new("edges_to");
    private static readonly RegoString ConfigKey = new("config");
    private static readonly RegoString ResourceKey = new("resource");
    private static readonly RegoString BehaviourKey = new("behaviour");

    // The keys of data.aispm.resource, made once: the resource document is built for every judged resource.
    private static readonly RegoString IdKey = new("Id");
    private static readonly RegoString KindKey = new("Kind");
    private static readonly RegoString ProviderKey = new("Provider");
    private static readonly RegoString NameKey = new("Name");
    private static readonly RegoString AccountKey = new("Account");
    private static readonly RegoString RegionKey = new("Region");
    private static readonly RegoString OwnerKey = new("Owner");
    private static readonly RegoString TagsKey = new("Tags");

    private readonly RegoObject _assets;
    private readonly RegoObject _byId;
    private readonly RegoArray _edges;
    private readonly RegoObject _edgesFrom;
    private readonly RegoObject _edgesTo;
    private readonly RegoValue _config;
    private readonly RegoValue _behaviour;

    public PostureInventory(IReadOnlyList<Asset> assets, IReadOnlyList<Edge> edges, JsonObject? config = null, JsonObject? behaviour = null)
    {
        ArgumentNullException.ThrowIfNull(assets);
        ArgumentNullException.ThrowIfNull(edges);
        Assets = assets;
        var keys = new Dictionary<string, RegoString>(StringComparer.Ordinal);
        Documents = new Dictionary<string, RegoValue>(assets.Count, StringComparer.Ordinal);
        var byKind = new Dictionary<string, Dictionary<RegoValue, RegoValue>>(StringComparer.Ordinal);
        var byId = new Dictionary<RegoValue, RegoValue>(assets.Count);
        foreach (var a in assets)
        {
            var doc = Document(a, keys);
            Documents[a.Id] = doc;
            byId[new RegoString(a.Id)] = doc;
            var plural = Plural(a.Kind);
            if (!byKind.TryGetValue(plural, out var map))
            {
                byKind[plural] = map = [];
            }

            map[new RegoString(Key(a))] = doc;
        }

        var assetsByKind = new Dictionary<RegoValue, RegoValue>(byKind.Count);
        foreach (var (k, v) in byKind)
        {
            assetsByKind[new RegoString(k)] = new RegoObject(v);
        }

        _assets = new RegoObject(assetsByKind);
        _byId = new RegoObject(byId);
        var all = new RegoValue[edges.Count];
        var from = new Dictionary<string, List<RegoValue>>(StringComparer.Ordinal);
        var to = new Dictionary<string, List<RegoValue>>(StringComparer.Ordinal);
        for (var i = 0; i < all.Length; i++)
        {
            var e = edges[i];
            all[i] = Obj(("From", new RegoString(e.From)), ("To", new RegoString(e.To)), ("Type", new RegoString(e.Type)));
            Group(from, e.From).Add(all[i]);
            Group(to, e.To).Add(all[i]);
        }

        _edges = new RegoArray(all);
        _edgesFrom = Index(from);
        _edgesTo = Index(to);
        _config = config is null ? RegoObject.Empty : Plain(config);
        _behaviour = behaviour is null ? RegoObject.Empty : Plain(behaviour);
    }

    public IReadOnlyList<Asset> Assets { get; }

    /// <summary>Every asset's document as its controls see it, by asset id.</summary>
    internal Dictionary<string, RegoValue> Documents { get; }

    /// <summary>The data document for one resource.</summary>
    internal RegoValue For(Asset resource)
    {
        RegoObject tags;
        if (resource.Tags.Count == 0)
        {
            tags = RegoObject.Empty;
        }
        else
        {
            var t = new Dictionary<RegoValue, RegoValue>(resource.Tags.Count);
            foreach (var (k, v) in resource.Tags)
            {
                t[new RegoString(k)] = new RegoString(v);
            }

            tags = new RegoObject(t);
        }

        var self = new RegoObject(new Dictionary<RegoValue, RegoValue>(8)
        {
            [IdKey] = new RegoString(resource.Id),
            [KindKey] = new RegoString(resource.Kind),
            [ProviderKey] = new RegoString(resource.Provider),
            [NameKey] = new RegoString(resource.Name),
            [AccountKey] = resource.Account is null ? RegoNull.Instance : new RegoString(resource.Account),
            [RegionKey] = resource.Region is null ? RegoNull.Instance : new RegoString(resource.Region),
            [OwnerKey] = resource.Owner is null ? RegoNull.Instance : new RegoString(resource.Owner),
            [TagsKey] = tags,
        });
        var aispm = new Dictionary<RegoValue, RegoValue>(8)
        {
            [AssetsKey] = _assets,
            [ByIdKey] = _byId,
            [EdgesKey] = _edges,
            [EdgesFromKey] = _edgesFrom,
            [EdgesToKey] = _edgesTo,
            [ConfigKey] = _config,
            [BehaviourKey] = _behaviour,
            [ResourceKey] = self,
        };
        return new RegoObject(new Dictionary<RegoValue, RegoValue>(1) { [AispmKey] = new RegoObject(aispm) });
    }

    /// <summary>`role` documents also get <c>AttachedPolicyArns</c> (from GetRole's attached policies), the shape the
    /// helpers in config/controls/lib document.</summary>
    private static RegoValue Document(Asset a, Dictionary<string, RegoString> keys)
    {
        var doc = PascalDocument.From(a.Document, keys);
        if (a.Kind != AssetKinds.Role || doc is not RegoObject o || o.Get("AttachedPolicyArns") is not null || o.Get("AttachedPolicies") is not RegoArray attached)
        {
            return doc;
        }

        var arns = new List<RegoValue>();
        foreach (var p in attached.Items)
        {
            if (p is RegoObject po && po.Get("PolicyArn") is RegoString arn)
            {
                arns.Add(arn);
            }
        }

        var d = new Dictionary<RegoValue, RegoValue>(o.Items.Count + 1);
        foreach (var (k, v) in o.Items)
        {
            d[k] = v;
        }

        d[new RegoString("AttachedPolicyArns")] = new RegoArray([.. arns]);
        return new RegoObject(d);
    }

    /// <summary>An asset's key in its kind's map: its ARN, or for an asset without one its native id (what follows
    /// `provider:kind:`, a LiteLLM team's team_id), the id its neighbours' documents name it by. One key per asset, so
    /// a control iterating a map sees each asset once.</summary>
    private static string Key(Asset a)
    {
        var prefix = a.Provider + ":" + a.Kind + ":";
        return !a.Id.StartsWith("arn:", StringComparison.Ordinal) && a.Id.StartsWith(prefix, StringComparison.Ordinal) ? a.Id[prefix.Length..] : a.Id;
    }

    private static string Plural(string kind) =>
        kind.EndsWith('y') && kind.Length > 1 && !"aeiou".Contains(kind[^2], StringComparison.Ordinal) ? kind[..^1] + "ies" : kind + "s";

    private static List<RegoValue> Group(Dictionary<string, List<RegoValue>> index, string id)
    {
        if (!index.TryGetValue(id, out var list))
        {
            index[id] = list = [];
        }

        return list;
    }

    private static RegoObject Index(Dictionary<string, List<RegoValue>> index)
    {
        var d = new Dictionary<RegoValue, RegoValue>(index.Count);
        foreach (var (k, v) in index)
        {
            d[new RegoString(k)] = new RegoArray([.. v]);
        }

        return new RegoObject(d);
    }

    private static RegoValue Plain(JsonNode? node) => node is null ? RegoNull.Instance : RegoJson.Parse(node.ToJsonString());

    private static RegoObject Obj(params ReadOnlySpan<(string Key, RegoValue Value)> members)
    {
        var d = new Dictionary<RegoValue, RegoValue>(members.Length);
        foreach (var (k, v) in members)
        {
            d[new RegoString(k)] = v;
        }

        return new RegoObject(d);
    }
}
