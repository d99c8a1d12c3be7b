using AiSpm.Admin.Auth;
using AiSpm.Admin.Storage;
using AiSpm.Admin.Storage.Assets;
using AiSpm.Scanner.Model;

namespace AiSpm.Admin.Api;

/// <summary>The discovered asset inventory and its graph.</summary>
internal static class AssetEndpoints
{
    private const int MaxIdLength = 2048;
    private const int HistoryLimit = 100;
    private const int FindingPages = 5;

    public static void MapAssets(this RouteGroupBuilder api)
    {
        api.MapGet("/assets", QueryAsync)
            .RequireAuthorization(Roles.CanRead)
            .Produces<AssetPageResponse>()
            .ProducesValidationProblem()
            .WithSummary("Discovered assets ordered by id, with filters and cursor paging.");
        // A catch-all: asset ids are ARNs, which hold slashes.
        api.MapGet("/assets/{**id}", GetAsync)
            .RequireAuthorization(Roles.CanRead)
            .Produces<AssetDetailResponse>()
            .ProducesProblem(404)
            .WithSummary("One asset: its document, edges both ways, change history and the findings attributed to it.");
        api.MapGet("/graph", GraphAsync)
            .RequireAuthorization(Roles.CanRead)
            .Produces<GraphResponse>()
            .ProducesValidationProblem()
            .WithSummary("The asset graph around root (up to depth hops), or the whole graph up to limit nodes.");
    }

    private static async Task<IResult> QueryAsync(HttpRequest request, IAssetStore store, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var q = new QueryParams(request.Query, errors);
        q.AllowOnly("kind", "provider", "account", "region", "team", "q", "limit", "cursor");
        var query = new AssetQuery
        {
            Kind = q.OneOf("kind", k => AssetKinds.All.Contains(k!), string.Join(", ", AssetKinds.All)),
            Provider = q.OneOf("provider", p => p is Providers.Aws or Providers.LiteLlm or Providers.Temporal or Providers.Gateway, "aws, litellm, temporal, gateway"),
            Account = q.Text("account", 64),
            Region = q.Text("region", 64),
            Team = q.Text("team", 256),
            Text = q.Text("q", 256),
            Limit = q.Int("limit", 100, 1, 1000),
            Cursor = q.Text("cursor", 2048),
        };
        if (query.Cursor is not null && !AssetCursor.TryParse(query.Cursor, out _))
        {
            errors.Add("cursor", "is not a cursor this service returned");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var page = await store.QueryAssetsAsync(query, ct);
        return TypedResults.Ok(new AssetPageResponse(page.Items, page.NextCursor));
    }

    private static async Task<IResult> GetAsync(string id, IAssetStore store, IAdminStore admin, CancellationToken ct)
    {
        // A client that escaped the ARN's slashes sends %2F, which routing leaves encoded.
        id = id.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        if (id.Length is 0 or > MaxIdLength || await store.GetAssetAsync(id, ct) is not { } asset)
        {
            return TypedResults.Problem(statusCode: 404, title: "No such asset.", detail: "asset '" + (id.Length > 200 ? id[..200] : id) + "' does not exist");
        }

        var edges = await store.EdgesOfAsync(id, ct);
        var outgoing = new List<Edge>();
        var incoming = new List<Edge>();
        foreach (var e in edges)
        {
            (e.From == id ? outgoing : incoming).Add(e);
        }

        return TypedResults.Ok(new AssetDetailResponse(asset, outgoing, incoming, await store.ChangesOfAsync(id, HistoryLimit, ct), await FindingsOfAsync(asset, admin, ct)));
    }

    /// <summary>
    /// Findings are attributed to what the gateway sees (a key alias, a team, a model name), not to asset ids, so a
    /// key, team, route or model asset is matched by name among the most recently seen findings.
    /// </summary>
    private static async Task<IReadOnlyList<FindingRecord>> FindingsOfAsync(Asset asset, IAdminStore admin, CancellationToken ct)
    {
        var name = asset.Name;
        Func<FindingRecord, bool>? match = asset.Kind switch
        {
            AssetKinds.Key => f => f.KeyAlias == name,
            AssetKinds.Team => f => f.Team == name || (f.Team is not null && f.Team == asset.Document["team_id"]?.GetValue<string>()),
            AssetKinds.Route or AssetKinds.Model => f => Array.IndexOf(f.Models, name) >= 0,
            _ => null,
        };
        var found = new List<FindingRecord>();
        if (match is null)
        {
            return found;
        }

        string? cursor = null;
        for (var page = 0; page < FindingPages; page++)
        {
            var p = await admin.QueryFindingsAsync(new FindingQuery { Limit = 200, Cursor = cursor }, ct);
            foreach (var f in p.Items)
            {
                if (match(f))
                {
                    found.Add(f);
                }
            }

            if ((cursor = p.NextCursor) is null)
            {
                break;
            }
        }

        return found;
    }

    private static async Task<IResult> GraphAsync(HttpRequest request, IAssetStore store, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var q = new QueryParams(request.Query, errors);
        q.AllowOnly("root", "depth", "limit");
        var root = q.Text("root", MaxIdLength);
        var depth = q.Int("depth", 2, 1, 6);
        var limit = q.Int("limit", 2000, 1, 10_000);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return root is null
            ? TypedResults.Ok(await WholeGraphAsync(store, limit, ct))
            : await store.GetAssetAsync(root, ct) is { } start
                ? TypedResults.Ok(await NeighbourhoodAsync(store, start, depth, limit, ct))
                : TypedResults.Problem(statusCode: 404, title: "No such asset.", detail: "root asset does not exist");
    }

    private static async Task<GraphResponse> WholeGraphAsync(IAssetStore store, int limit, CancellationToken ct)
    {
        var snapshot = await store.LoadSnapshotAsync(ct);
        var nodes = new Dictionary<string, GraphNode>(StringComparer.Ordinal);
        foreach (var a in snapshot.Assets)
        {
            if (nodes.Count == limit)
            {
                break;
            }

            nodes[a.Id] = Node(a);
        }

        return new GraphResponse([.. nodes.Values], Between(snapshot.Edges, nodes), snapshot.Assets.Count > nodes.Count);
    }

    /// <summary>Breadth first from the root along edges in both directions, one store read per node reached.</summary>
    private static async Task<GraphResponse> NeighbourhoodAsync(IAssetStore store, Asset root, int depth, int limit, CancellationToken ct)
    {
        var nodes = new Dictionary<string, GraphNode>(StringComparer.Ordinal) { [root.Id] = Node(root) };
        var edges = new HashSet<Edge>();
        var frontier = new List<string> { root.Id };
        var truncated = false;
        for (var hop = 0; hop < depth && frontier.Count > 0 && !truncated; hop++)
        {
            var next = new List<string>();
            foreach (var id in frontier)
            {
                foreach (var e in await store.EdgesOfAsync(id, ct))
                {
                    edges.Add(e);
                    var other = e.From == id ? e.To : e.From;
                    if (nodes.ContainsKey(other))
                    {
                        continue;
                    }

                    if (nodes.Count == limit)
                    {
                        truncated = true;
                        continue;
                    }

                    // An edge may name an asset no connector listed (a model id an agent references); it stays out.
                    if (await store.GetAssetAsync(other, ct) is { } a)
                    {
                        nodes[other] = Node(a);
                        next.Add(other);
                    }
                }
            }

            frontier = next;
        }

        return new GraphResponse([.. nodes.Values], Between(edges, nodes), truncated);
    }

    private static List<Edge> Between(IEnumerable<Edge> edges, Dictionary<string, GraphNode> nodes)
    {
        var list = new List<Edge>();
        foreach (var e in edges)
        {
            if (nodes.ContainsKey(e.From) && nodes.ContainsKey(e.To))
            {
                list.Add(e);
            }
        }

        return list;
    }

    private static GraphNode Node(Asset a) => new(a.Id, a.Kind, a.Provider, a.Name, a.Owner);
}
