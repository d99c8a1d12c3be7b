using System.Text.Json.Nodes;
using AiSpm.Admin.Storage.Assets;
using AiSpm.Contracts;
using AiSpm.Scanner.Model;

namespace AiSpm.Admin.Discovery;

/// <summary>
/// Merges what the gateways see into the asset store, with <c>gateway</c> among the sources: each gateway, and the keys,
/// teams and models in its traffic summaries. A key, team or model a connector already found (same kind and name, or
/// the LiteLLM id of a team) becomes one asset with both sources, not a second one; one no connector knows is added as
/// a <c>gateway</c> asset, which a later scan that finds it folds into the connector's (see
/// <see cref="DiscoveryRunner"/>). Edges: key <c>authenticates_with</c> gateway, key <c>uses_model</c> model, key
/// <c>belongs_to_team</c> team, gateway <c>routes_to</c> model. Only what is new is written; a summary of traffic
/// already known writes nothing, so steady traffic costs a snapshot read per batch and no writes.
/// </summary>
internal sealed class RuntimeInventory(IAssetStore assets, TimeProvider time, IAssetChangeListener? listener = null)
{
    public const string Source = "gateway";

    // One batch at a time: two gateways' batches racing would both add the same new key.
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<ChangeSet> ObserveAsync(string gatewayId, IReadOnlyList<TrafficSummary> summaries, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var snapshot = await assets.LoadSnapshotAsync(cancellationToken);
            var merge = new Merge(snapshot, time.GetUtcNow(), "runtime-" + gatewayId);
            var gateway = merge.Ensure(AssetKinds.Gateway, gatewayId, null, [AssetKinds.Gateway]);
            foreach (var s in summaries)
            {
                var model = s.Model is { Length: > 0 } m ? merge.Ensure(AssetKinds.Model, m, null, [AssetKinds.Route, AssetKinds.Model]) : null;
                var team = s.Team is { Length: > 0 } t ? merge.Ensure(AssetKinds.Team, t, null, [AssetKinds.Team]) : null;
                if (model is not null)
                {
                    merge.Edge(gateway, model, EdgeTypes.RoutesTo);
                }

                if (s.Key is not { Length: > 0 } keyName)
                {
                    continue;
                }

                var key = merge.Ensure(AssetKinds.Key, keyName, s.Team, [AssetKinds.Key]);
                merge.Edge(key, gateway, EdgeTypes.AuthenticatesWith);
                if (model is not null)
                {
                    merge.Edge(key, model, EdgeTypes.UsesModel);
                }

                if (team is not null)
                {
                    merge.Edge(key, team, EdgeTypes.BelongsToTeam);
                }
            }

            var changes = merge.ToChangeSet();
            if (!changes.IsEmpty)
            {
                await assets.ApplyAsync(changes, cancellationToken);
                if (listener is not null)
                {
                    await listener.ScanCompletedAsync(changes, cancellationToken);
                }
            }

            return changes;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>An asset only the gateways have seen, which a connector's asset of the same kind and name replaces.</summary>
    public static bool IsGatewayOnly(Asset a) => a.Provider == Providers.Gateway && a.Sources.Count == 1 && a.Sources[0] == Source;

    /// <summary>
    /// Whether a scan whose connectors in <paramref name="ok"/> answered every call may report <paramref name="a"/> gone:
    /// every connector that saw it did (the gateway's own sighting does not keep a deleted key alive; if traffic for it
    /// goes on, the next summary adds it back as a gateway asset, which is worth seeing).
    /// </summary>
    public static bool ScanAnswersFor(Asset a, HashSet<string> ok)
    {
        var any = false;
        foreach (var s in a.Sources)
        {
            if (s == Source)
            {
                continue;
            }

            if (!ok.Contains(s))
            {
                return false;
            }

            any = true;
        }

        return any;
    }

    /// <summary>
    /// What a scan writes, with the gateways' view kept: a gateway-only asset that the scan now finds (same kind and name)
    /// is folded into the scan's asset (its <c>gateway</c> source and its edges move over, and it is returned in
    /// <c>Folded</c> to be removed), and the edges the gateways observed (any edge touching a gateway asset, and a
    /// <c>uses_model</c> from an asset the gateways saw) stay, since a connector cannot tell whether they still hold.
    /// </summary>
    public static (List<Asset> Assets, List<Edge> Edges, HashSet<string> Folded) FoldIntoScan(List<Asset> current, IReadOnlyList<Edge> edges, AssetSnapshot before)
    {
        var byName = new Dictionary<(string, string), int>();
        for (var i = 0; i < current.Count; i++)
        {
            byName.TryAdd((current[i].Kind, current[i].Name), i);
        }

        var moved = new Dictionary<string, string>(StringComparer.Ordinal);
        var sourced = new HashSet<string>(StringComparer.Ordinal);
        var gatewayAssets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in before.Assets)
        {
            if (a.Sources.Contains(Source))
            {
                sourced.Add(a.Id);
            }

            if (a.Provider == Providers.Gateway)
            {
                gatewayAssets.Add(a.Id);
            }

            var kinds = a.Kind == AssetKinds.Model ? [AssetKinds.Model, AssetKinds.Route] : (string[])[a.Kind];
            if (!IsGatewayOnly(a))
            {
                continue;
            }

            foreach (var kind in kinds)
            {
                if (byName.TryGetValue((kind, a.Name), out var i) && current[i].Provider != Providers.Gateway)
                {
                    moved[a.Id] = current[i].Id;
                    break;
                }
            }
        }

        var assets = new List<Asset>(current.Count);
        var index = new HashSet<string>(moved.Values, StringComparer.Ordinal);
        foreach (var a in current)
        {
            if (index.Contains(a.Id) || sourced.Contains(a.Id))
            {
                var sources = new SortedSet<string>(a.Sources, StringComparer.Ordinal) { Source };
                assets.Add(a with { Sources = [.. sources] });
            }
            else
            {
                assets.Add(a);
            }
        }

        var kept = new HashSet<Edge>(edges);
        foreach (var e in before.Edges)
        {
            var from = moved.GetValueOrDefault(e.From, e.From);
            var to = moved.GetValueOrDefault(e.To, e.To);
            var observed = (gatewayAssets.Contains(e.From) && !moved.ContainsKey(e.From)) || (gatewayAssets.Contains(e.To) && !moved.ContainsKey(e.To))
                || moved.ContainsKey(e.From) || moved.ContainsKey(e.To)
                || (e.Type == EdgeTypes.UsesModel && sourced.Contains(e.From));
            if (observed && from != to)
            {
                kept.Add(new Edge(from, to, e.Type));
            }
        }

        return (assets, [.. kept], [.. moved.Keys]);
    }

    private sealed class Merge
    {
        private readonly Dictionary<(string Kind, string Name), List<Asset>> _byName = [];
        private readonly Dictionary<string, Asset> _byId = new(StringComparer.Ordinal);
        private readonly HashSet<Edge> _edges;
        private readonly Dictionary<string, Asset> _upserts = new(StringComparer.Ordinal);
        private readonly List<ChangeRecord> _changes = [];
        private readonly List<Edge> _added = [];
        private readonly DateTimeOffset _now;
        private readonly string _runId;

        public Merge(AssetSnapshot snapshot, DateTimeOffset now, string runId)
        {
            _now = now;
            _runId = runId;
            _edges = [.. snapshot.Edges];
            foreach (var a in snapshot.Assets)
            {
                _byId[a.Id] = a;
                if (!_byName.TryGetValue((a.Kind, a.Name), out var list))
                {
                    _byName[(a.Kind, a.Name)] = list = [];
                }

                list.Add(a);
            }
        }

        /// <summary>The asset for <paramref name="name"/>: a connector's of one of <paramref name="kinds"/> first, then a gateway one, else a new one.</summary>
        public string Ensure(string kind, string name, string? owner, string[] kinds)
        {
            var found = Find(kind, name, kinds);
            if (found is null)
            {
                var id = Providers.Gateway + ":" + kind + ":" + name;
                var added = new Asset
                {
                    Id = id,
                    Kind = kind,
                    Provider = Providers.Gateway,
                    Name = name,
                    Owner = owner,
                    Document = new JsonObject { ["SeenBy"] = "gateway traffic" },
                    FirstSeen = _now,
                    LastSeen = _now,
                    Sources = [Source],
                };
                Remember(added);
                _upserts[id] = added;
                _changes.Add(new ChangeRecord(id, ChangeKind.Added, _runId, _now, []));
                return id;
            }

            if (!found.Sources.Contains(Source))
            {
                var sources = new SortedSet<string>(found.Sources, StringComparer.Ordinal) { Source };
                var next = found with { Sources = [.. sources], LastSeen = _now };
                Remember(next);
                _upserts[next.Id] = next;
                _changes.Add(new ChangeRecord(next.Id, ChangeKind.Modified, _runId, _now,
                    [new FieldChange("sources", new JsonArray([.. found.Sources.Select(s => (JsonNode)s)]), new JsonArray([.. next.Sources.Select(s => (JsonNode)s)]))]));
            }

            return found.Id;
        }

        public void Edge(string from, string to, string type)
        {
            var edge = new Edge(from, to, type);
            if (_edges.Add(edge))
            {
                _added.Add(edge);
            }
        }

        public ChangeSet ToChangeSet() => new([.. _upserts.Values], [], _added, [], _changes);

        private Asset? Find(string kind, string name, string[] kinds)
        {
            Asset? gatewayOwn = null;
            foreach (var k in kinds)
            {
                if (_byName.TryGetValue((k, name), out var list))
                {
                    foreach (var a in list)
                    {
                        if (!IsGatewayOnly(a))
                        {
                            return a;
                        }

                        gatewayOwn ??= a;
                    }
                }
            }

            // LiteLLM names a team by its alias and ids it by team_id; traffic may carry either.
            if (gatewayOwn is null && kind == AssetKinds.Team && _byId.TryGetValue(Providers.LiteLlm + ":" + AssetKinds.Team + ":" + name, out var byId))
            {
                return byId;
            }

            return gatewayOwn;
        }

        private void Remember(Asset a)
        {
            _byId[a.Id] = a;
            if (!_byName.TryGetValue((a.Kind, a.Name), out var list))
            {
                _byName[(a.Kind, a.Name)] = list = [];
            }

            list.RemoveAll(x => x.Id == a.Id);
            list.Add(a);
        }
    }
}
