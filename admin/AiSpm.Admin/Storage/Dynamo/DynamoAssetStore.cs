using System.Globalization;
using System.Text.Json;
using AiSpm.Admin.Storage.Assets;
using AiSpm.Scanner.Model;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace AiSpm.Admin.Storage.Dynamo;

/// <summary>
/// The asset graph on DynamoDB (<see cref="DynamoAssetTable"/>). A rescan's difference is written in batches of
/// 25; a crash part-way leaves some of it unwritten, and the next scan, which diffs against what is stored, writes
/// the rest. The lease is a conditional put that succeeds only when the lease is absent, expired or already ours.
/// </summary>
internal sealed class DynamoAssetStore : IAssetStore
{
    private const string Sep = "\u001f";
    private const string AssetPk = "asset";
    private const string EdgePk = "edge";
    private const string RunPk = "run";
    private const string ConnectorPk = "connector";
    private const string LeasePk = "lease";

    private readonly StoreOptions _options;
    private readonly IAmazonDynamoDB _client;
    private readonly DynamoAssetTable _table;

    public DynamoAssetStore(StoreOptions options)
    {
        _options = options;
        _table = new DynamoAssetTable(options.Environment);
        _client = DynamoClients.Create(options);
    }

    public string TableName => _table.Name;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_options.DynamoCreateTables)
        {
            await _table.EnsureAsync(_client, cancellationToken);
        }
    }

    public async Task<AssetSnapshot> LoadSnapshotAsync(CancellationToken cancellationToken)
    {
        var assets = new List<Asset>();
        await QueryAllAsync(AssetPk, item => assets.Add(ReadAsset(item)), cancellationToken);
        var edges = new List<Edge>();
        await QueryAllAsync(EdgePk, item => edges.Add(ReadEdge(item)), cancellationToken);
        return new AssetSnapshot(assets, edges);
    }

    public async Task ApplyAsync(ChangeSet changes, CancellationToken cancellationToken)
    {
        var writes = new List<WriteRequest>();
        // Deletes first in the list: a batch may not hold two writes of one key, and an edge removed and re-added in
        // one change set cannot happen (the detector diffs sets), so order only matters for readability.
        foreach (var id in changes.Removed)
        {
            writes.Add(Delete(AssetPk, id));
        }

        foreach (var e in changes.EdgesRemoved)
        {
            writes.Add(Delete(EdgePk, EdgeSk(e)));
        }

        foreach (var a in changes.Upserts)
        {
            var item = Key(AssetPk, a.Id);
            item["kind"] = S(a.Kind);
            item["provider"] = S(a.Provider);
            Optional(item, "account", a.Account);
            Optional(item, "region", a.Region);
            Optional(item, "owner", a.Owner);
            item["search"] = S(AssetSearch.TextOf(a));
            item["json"] = S(JsonSerializer.Serialize(a, AssetJsonContext.Default.Asset));
            writes.Add(new WriteRequest { PutRequest = new PutRequest { Item = item } });
        }

        foreach (var e in changes.EdgesAdded)
        {
            var item = Key(EdgePk, EdgeSk(e));
            item["from"] = S(e.From);
            item["to"] = S(e.To);
            item["type"] = S(e.Type);
            writes.Add(new WriteRequest { PutRequest = new PutRequest { Item = item } });
        }

        foreach (var c in changes.Changes)
        {
            var item = Key("change#" + c.AssetId, SortKey.Of(c.At, c.ScanId));
            item["json"] = S(JsonSerializer.Serialize(c, AssetJsonContext.Default.ChangeRecord));
            writes.Add(new WriteRequest { PutRequest = new PutRequest { Item = item } });
        }

        for (var i = 0; i < writes.Count; i += 25)
        {
            await WriteBatchAsync(writes.GetRange(i, Math.Min(25, writes.Count - i)), cancellationToken);
        }
    }

    public async Task<Page<Asset>> QueryAssetsAsync(AssetQuery query, CancellationToken cancellationToken)
    {
        if (!AssetCursor.TryParse(query.Cursor, out var after))
        {
            throw new ArgumentException("invalid cursor", nameof(query));
        }

        var names = new Dictionary<string, string> { ["#pk"] = "pk" };
        var values = new Dictionary<string, AttributeValue> { [":pk"] = S(AssetPk) };
        var filters = new List<string>();
        void Filter(string attr, string? value)
        {
            if (value is null)
            {
                return;
            }

            var n = "#" + attr;
            names[n] = attr;
            values[":" + attr] = S(value);
            filters.Add(n + " = :" + attr);
        }

        Filter("kind", query.Kind);
        Filter("provider", query.Provider);
        Filter("account", query.Account);
        Filter("region", query.Region);
        Filter("owner", query.Team);
        if (query.Text is not null)
        {
            names["#search"] = "search";
            values[":q"] = S(AssetSearch.Normalize(query.Text));
            filters.Add("contains(#search, :q)");
        }

        var items = new List<Asset>();
        var more = false;
        Dictionary<string, AttributeValue>? start = after is null ? null : Key(AssetPk, after);
        do
        {
            var page = await _client.QueryAsync(new QueryRequest
            {
                TableName = _table.Name,
                KeyConditionExpression = "#pk = :pk",
                FilterExpression = filters.Count == 0 ? null : string.Join(" AND ", filters),
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
                ExclusiveStartKey = start,
                Limit = Math.Max(query.Limit + 1, 50),
            }, cancellationToken);
            foreach (var item in page.Items ?? [])
            {
                if (items.Count == query.Limit)
                {
                    more = true;
                    break;
                }

                items.Add(ReadAsset(item));
            }

            start = page.LastEvaluatedKey is { Count: > 0 } lek ? lek : null;
        }
        while (!more && start is not null);

        return new Page<Asset>(items, more ? AssetCursor.Of(items[^1].Id) : null);
    }

    public async Task<Asset?> GetAssetAsync(string id, CancellationToken cancellationToken)
    {
        var r = await _client.GetItemAsync(new GetItemRequest { TableName = _table.Name, Key = Key(AssetPk, id), ConsistentRead = true }, cancellationToken);
        return r.Item is { Count: > 0 } item ? ReadAsset(item) : null;
    }

    public async Task<IReadOnlyList<Edge>> EdgesOfAsync(string id, CancellationToken cancellationToken)
    {
        var set = new SortedSet<Edge>(Comparer<Edge>.Create(CompareEdges));
        await QueryAsync(new QueryRequest
        {
            TableName = _table.Name,
            KeyConditionExpression = "#pk = :pk AND begins_with(#sk, :prefix)",
            ExpressionAttributeNames = new() { ["#pk"] = "pk", ["#sk"] = "sk" },
            ExpressionAttributeValues = new() { [":pk"] = S(EdgePk), [":prefix"] = S(id + Sep) },
        }, item => set.Add(ReadEdge(item)), cancellationToken);
        await QueryAsync(new QueryRequest
        {
            TableName = _table.Name,
            IndexName = DynamoAssetTable.ByTo,
            KeyConditionExpression = "#to = :to",
            ExpressionAttributeNames = new() { ["#to"] = "to" },
            ExpressionAttributeValues = new() { [":to"] = S(id) },
        }, item => set.Add(ReadEdge(item)), cancellationToken);
        return [.. set];
    }

    public async Task<IReadOnlyList<ChangeRecord>> ChangesOfAsync(string id, int limit, CancellationToken cancellationToken)
    {
        var r = await _client.QueryAsync(new QueryRequest
        {
            TableName = _table.Name,
            KeyConditionExpression = "#pk = :pk",
            ExpressionAttributeNames = new() { ["#pk"] = "pk" },
            ExpressionAttributeValues = new() { [":pk"] = S("change#" + id) },
            ScanIndexForward = false,
            Limit = limit,
        }, cancellationToken);
        var list = new List<ChangeRecord>();
        foreach (var item in r.Items ?? [])
        {
            list.Add(JsonSerializer.Deserialize(item["json"].S, AssetJsonContext.Default.ChangeRecord)!);
        }

        return list;
    }

    public async Task PutRunAsync(DiscoveryRun run, CancellationToken cancellationToken)
    {
        // The sort key starts with the start time, so newest-first is a backwards Query; the id makes it unique.
        var item = Key(RunPk, SortKey.Of(run.Started, run.Id));
        item["json"] = S(JsonSerializer.Serialize(run, AssetJsonContext.Default.DiscoveryRun));
        await _client.PutItemAsync(new PutItemRequest { TableName = _table.Name, Item = item }, cancellationToken);
    }

    public async Task<IReadOnlyList<DiscoveryRun>> ListRunsAsync(int limit, CancellationToken cancellationToken)
    {
        var r = await _client.QueryAsync(new QueryRequest
        {
            TableName = _table.Name,
            KeyConditionExpression = "#pk = :pk",
            ExpressionAttributeNames = new() { ["#pk"] = "pk" },
            ExpressionAttributeValues = new() { [":pk"] = S(RunPk) },
            ScanIndexForward = false,
            Limit = limit,
        }, cancellationToken);
        var list = new List<DiscoveryRun>();
        foreach (var item in r.Items ?? [])
        {
            list.Add(JsonSerializer.Deserialize(item["json"].S, AssetJsonContext.Default.DiscoveryRun)!);
        }

        return list;
    }

    public async Task PutConnectorStateAsync(ConnectorState state, CancellationToken cancellationToken)
    {
        var item = Key(ConnectorPk, state.Name);
        item["json"] = S(JsonSerializer.Serialize(state, AssetJsonContext.Default.ConnectorState));
        await _client.PutItemAsync(new PutItemRequest { TableName = _table.Name, Item = item }, cancellationToken);
    }

    public async Task<IReadOnlyList<ConnectorState>> ListConnectorStatesAsync(CancellationToken cancellationToken)
    {
        var list = new List<ConnectorState>();
        await QueryAllAsync(ConnectorPk, item => list.Add(JsonSerializer.Deserialize(item["json"].S, AssetJsonContext.Default.ConnectorState)!), cancellationToken);
        return list;
    }

    public async Task<bool> TryAcquireLeaseAsync(string name, string owner, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var item = Key(LeasePk, name);
        item["owner"] = S(owner);
        item["expiresAtMs"] = N(expiresAt.ToUnixTimeMilliseconds());
        try
        {
            await _client.PutItemAsync(new PutItemRequest
            {
                TableName = _table.Name,
                Item = item,
                ConditionExpression = "attribute_not_exists(#pk) OR #owner = :owner OR #exp <= :now",
                ExpressionAttributeNames = new() { ["#pk"] = "pk", ["#owner"] = "owner", ["#exp"] = "expiresAtMs" },
                ExpressionAttributeValues = new() { [":owner"] = S(owner), [":now"] = N(now.ToUnixTimeMilliseconds()) },
            }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    public async Task ReleaseLeaseAsync(string name, string owner, CancellationToken cancellationToken)
    {
        try
        {
            await _client.DeleteItemAsync(new DeleteItemRequest
            {
                TableName = _table.Name,
                Key = Key(LeasePk, name),
                ConditionExpression = "#owner = :owner",
                ExpressionAttributeNames = new() { ["#owner"] = "owner" },
                ExpressionAttributeValues = new() { [":owner"] = S(owner) },
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // Someone else holds it now (ours expired); theirs stays.
        }
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task WriteBatchAsync(List<WriteRequest> batch, CancellationToken cancellationToken)
    {
        var pending = new Dictionary<string, List<WriteRequest>> { [_table.Name] = batch };
        for (var attempt = 0; pending.Count > 0; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(Math.Min(50 << Math.Min(attempt, 6), 2000), cancellationToken);
            }

            var r = await _client.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = pending }, cancellationToken);
            pending = r.UnprocessedItems is { Count: > 0 } u ? u : [];
            if (attempt > 20 && pending.Count > 0)
            {
                throw new InvalidOperationException("dynamodb kept returning unprocessed items for " + _table.Name);
            }
        }
    }

    private Task QueryAllAsync(string pk, Action<Dictionary<string, AttributeValue>> each, CancellationToken cancellationToken) =>
        QueryAsync(new QueryRequest
        {
            TableName = _table.Name,
            KeyConditionExpression = "#pk = :pk",
            ExpressionAttributeNames = new() { ["#pk"] = "pk" },
            ExpressionAttributeValues = new() { [":pk"] = S(pk) },
        }, each, cancellationToken);

    private async Task QueryAsync(QueryRequest request, Action<Dictionary<string, AttributeValue>> each, CancellationToken cancellationToken)
    {
        do
        {
            var page = await _client.QueryAsync(request, cancellationToken);
            foreach (var item in page.Items ?? [])
            {
                each(item);
            }

            request.ExclusiveStartKey = page.LastEvaluatedKey is { Count: > 0 } lek ? lek : null;
        }
        while (request.ExclusiveStartKey is not null);
    }

    private WriteRequest Delete(string pk, string sk) => new() { DeleteRequest = new DeleteRequest { Key = Key(pk, sk) } };

    private static Dictionary<string, AttributeValue> Key(string pk, string sk) => new() { ["pk"] = S(pk), ["sk"] = S(sk) };

    private static string EdgeSk(Edge e) => e.From + Sep + e.Type + Sep + e.To;

    private static Asset ReadAsset(Dictionary<string, AttributeValue> item) =>
        JsonSerializer.Deserialize(item["json"].S, AssetJsonContext.Default.Asset)!;

    private static Edge ReadEdge(Dictionary<string, AttributeValue> item) => new(item["from"].S, item["to"].S, item["type"].S);

    private static int CompareEdges(Edge a, Edge b)
    {
        var c = string.CompareOrdinal(a.From, b.From);
        if (c == 0)
        {
            c = string.CompareOrdinal(a.Type, b.Type);
        }

        return c != 0 ? c : string.CompareOrdinal(a.To, b.To);
    }

    private static void Optional(Dictionary<string, AttributeValue> item, string name, string? value)
    {
        if (value is not null)
        {
            item[name] = S(value);
        }
    }

    private static AttributeValue S(string s) => new() { S = s };

    private static AttributeValue N(long n) => new() { N = n.ToString(CultureInfo.InvariantCulture) };
}
