using System.Globalization;
using System.Text.Json;
using AiSpm.Admin.Correlation;
using AiSpm.Admin.Json;
using AiSpm.Contracts;
using Amazon;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace AiSpm.Admin.Storage.Dynamo;

/// <summary>
/// DynamoDB storage for scale. Ingest is idempotent per event with a conditional put on the event id; the finding
/// update that follows is an optimistic read-modify-write on the finding's revision. An event is written with a
/// "pending" marker that is removed once its finding and inventory are updated, so a crash between the two steps is
/// repaired when the gateway replays the batch (the stale marker is seen and the event is folded in then).
/// </summary>
internal sealed partial class DynamoAdminStore : IAdminStore
{
    private static readonly TimeSpan StalePending = TimeSpan.FromSeconds(60);
    private const string PolicyPk = "gateway";

    private readonly StoreOptions _options;
    private readonly Correlator _correlator;
    private readonly ILogger _logger;
    private readonly IAmazonDynamoDB _client;
    private readonly DynamoTables _tables;

    public DynamoAdminStore(StoreOptions options, Correlator correlator, ILogger<DynamoAdminStore> logger)
    {
        _options = options;
        _correlator = correlator;
        _logger = logger;
        _tables = new DynamoTables(options.Environment);
        var config = new AmazonDynamoDBConfig { MaxErrorRetry = 3 };
        if (options.DynamoServiceUrl is not null)
        {
            config.ServiceURL = options.DynamoServiceUrl;
            config.AuthenticationRegion = options.DynamoRegion ?? "us-east-1";
            // Local endpoints (dynalite, DynamoDB Local) accept any credentials.
            _client = new AmazonDynamoDBClient(new BasicAWSCredentials("local", "local"), config);
        }
        else
        {
            if (options.DynamoRegion is not null)
            {
                config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.DynamoRegion);
            }

            _client = new AmazonDynamoDBClient(config);
        }
    }

    public string Name => "dynamodb";

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_options.DynamoCreateTables)
        {
            await _tables.EnsureAsync(_client, m => Log.Warning(_logger, m), cancellationToken);
        }
    }

    public async Task<IngestResult> IngestAsync(IReadOnlyList<DetectionEvent> events, CancellationToken cancellationToken)
    {
        var stored = new List<DetectionEvent>();
        var folded = new List<DetectionEvent>();
        foreach (var e in events)
        {
            var isNew = await PutEventAsync(e, cancellationToken);
            if (isNew)
            {
                stored.Add(e);
                folded.Add(e);
            }
            else if (await IsStalePendingAsync(e.EventId, cancellationToken))
            {
                folded.Add(e);
            }
        }

        foreach (var e in folded)
        {
            await FoldIntoFindingAsync(e, cancellationToken);
        }

        await UpdateInventoryAsync(folded, cancellationToken);
        foreach (var e in folded)
        {
            await _client.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _tables.Events,
                Key = new() { ["eventId"] = S(e.EventId) },
                UpdateExpression = "REMOVE pendingSince",
            }, cancellationToken);
        }

        return new IngestResult(events.Count, stored.Count, events.Count - stored.Count) { StoredEvents = stored };
    }

    public async Task<Page<DetectionEvent>> QueryEventsAsync(EventQuery query, CancellationToken cancellationToken)
    {
        if (!SortKey.TryParseCursor(query.Cursor, out var after))
        {
            throw new ArgumentException("invalid cursor", nameof(query));
        }

        // The most selective equality filter picks the index; the rest become a filter expression.
        var (index, hashAttr, hashValue) =
            query.Key is not null ? (DynamoTables.EventsByKey, "keyAlias", query.Key)
            : query.Team is not null ? (DynamoTables.EventsByTeam, "team", query.Team)
            : query.Rule is not null ? (DynamoTables.EventsByRule, "ruleId", query.Rule)
            : query.Model is not null ? (DynamoTables.EventsByModel, "model", query.Model)
            : query.Category is not null ? (DynamoTables.EventsByCategory, "category", query.Category)
            : (DynamoTables.EventsByDay, "day", (string?)null);

        var filters = new List<(string Attr, string Value)>();
        void Filter(string attr, string? value)
        {
            if (value is not null && attr != hashAttr)
            {
                filters.Add((attr, value));
            }
        }

        Filter("keyAlias", query.Key);
        Filter("team", query.Team);
        Filter("ruleId", query.Rule);
        Filter("model", query.Model);
        Filter("category", query.Category);
        Filter("severity", query.Severity);
        Filter("action", query.Action);

        var lo = query.From is { } from ? SortKey.Time(from) : "0";
        var hi = query.To is { } to ? SortKey.Time(to) : "9";
        if (after is not null && string.CompareOrdinal(after, hi) < 0)
        {
            hi = after;
        }

        var items = new List<(DetectionEvent Event, string Sk)>();
        if (hashValue is not null)
        {
            await QueryPartitionAsync(_tables.Events, index, hashAttr, hashValue, lo, hi, filters, query.Limit + 1, items, cancellationToken);
        }
        else
        {
            // Walk day partitions newest first, from the upper bound back to the oldest day events can still live.
            var newest = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1);
            if (hi != "9")
            {
                newest = DateOnly.ParseExact(hi.AsSpan(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture);
            }

            var oldest = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-(int)_options.EventRetention.TotalDays - 1);
            if (lo != "0")
            {
                var fromDay = DateOnly.ParseExact(lo.AsSpan(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture);
                oldest = fromDay > oldest ? fromDay : oldest;
            }

            for (var day = newest; day >= oldest && items.Count <= query.Limit; day = day.AddDays(-1))
            {
                await QueryPartitionAsync(_tables.Events, index, hashAttr, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    lo, hi, filters, query.Limit + 1 - items.Count, items, cancellationToken);
            }
        }

        var more = items.Count > query.Limit;
        if (more)
        {
            items.RemoveRange(query.Limit, items.Count - query.Limit);
        }

        var list = new List<DetectionEvent>(items.Count);
        foreach (var (e, _) in items)
        {
            list.Add(e);
        }

        return new Page<DetectionEvent>(list, more ? SortKey.ToCursor(items[^1].Sk) : null);
    }

    /// <summary>Nothing to do: the TTL attribute expiresAt deletes expired events and findings, and reads skip them until it does.</summary>
    public Task<PurgeCounts> PurgeExpiredAsync(CancellationToken cancellationToken) => Task.FromResult(new PurgeCounts(0, 0));

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<bool> PutEventAsync(DetectionEvent e, CancellationToken cancellationToken)
    {
        var sk = SortKey.Of(e.Timestamp, e.EventId);
        var item = new Dictionary<string, AttributeValue>
        {
            ["eventId"] = S(e.EventId),
            ["sk"] = S(sk),
            ["day"] = S(sk[..10]),
            ["gatewayId"] = S(e.GatewayId),
            ["ruleId"] = S(e.RuleId),
            ["category"] = S(e.Category),
            ["severity"] = S(e.Severity),
            ["action"] = S(e.Action),
            ["findingId"] = S(_correlator.FindingIdFor(e)),
            ["expiresAt"] = N(e.Timestamp.ToUnixTimeSeconds() + (long)_options.EventRetention.TotalSeconds),
            ["pendingSince"] = N(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()),
            ["json"] = S(JsonSerializer.Serialize(e, AdminJsonContext.Default.DetectionEvent)),
        };
        if (!string.IsNullOrEmpty(e.KeyAlias))
        {
            item["keyAlias"] = S(e.KeyAlias);
        }

        if (!string.IsNullOrEmpty(e.Team))
        {
            item["team"] = S(e.Team);
        }

        if (!string.IsNullOrEmpty(e.Model))
        {
            item["model"] = S(e.Model);
        }

        try
        {
            await _client.PutItemAsync(new PutItemRequest
            {
                TableName = _tables.Events,
                Item = item,
                ConditionExpression = "attribute_not_exists(eventId)",
            }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    private async Task<bool> IsStalePendingAsync(string eventId, CancellationToken cancellationToken)
    {
        var got = await _client.GetItemAsync(new GetItemRequest
        {
            TableName = _tables.Events,
            Key = new() { ["eventId"] = S(eventId) },
            ConsistentRead = true,
            ProjectionExpression = "pendingSince",
        }, cancellationToken);
        if (got.Item is null || !got.Item.TryGetValue("pendingSince", out var since) || since.N is null)
        {
            return false;
        }

        var age = DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(since.N, CultureInfo.InvariantCulture));
        if (age < StalePending)
        {
            return false;
        }

        // Claim the repair so two replays racing on the same stale event fold it in once.
        try
        {
            await _client.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _tables.Events,
                Key = new() { ["eventId"] = S(eventId) },
                UpdateExpression = "SET pendingSince = :now",
                ConditionExpression = "pendingSince = :old",
                ExpressionAttributeValues = new() { [":now"] = N(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()), [":old"] = since },
            }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    private async Task QueryPartitionAsync(string table, string index, string hashAttr, string hashValue, string lo, string hi,
        List<(string Attr, string Value)> filters, int want, List<(DetectionEvent, string)> into, CancellationToken cancellationToken)
    {
        var raw = new List<(string Json, string Sk)>();
        await QueryRawAsync(table, index, hashAttr, hashValue, lo, hi, filters, want, raw, cancellationToken);
        foreach (var (json, sk) in raw)
        {
            into.Add((JsonSerializer.Deserialize(json, AdminJsonContext.Default.DetectionEvent)!, sk));
        }
    }

    /// <summary>Newest first within (lo, hi) exclusive of hi, applying equality filters, until <paramref name="want"/> items.</summary>
    private async Task QueryRawAsync(string table, string index, string hashAttr, string hashValue, string lo, string hi,
        List<(string Attr, string Value)> filters, int want, List<(string Json, string Sk)> into, CancellationToken cancellationToken)
    {
        // TTL deletes lazily (within days), so expired items are filtered out here; items written before findings had
        // the attribute have none and stay visible until rewritten.
        var names = new Dictionary<string, string> { ["#h"] = hashAttr, ["#sk"] = "sk", ["#exp"] = "expiresAt" };
        var values = new Dictionary<string, AttributeValue>
        {
            [":h"] = S(hashValue),
            [":lo"] = S(lo),
            [":hi"] = S(hi),
            [":now"] = N(DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
        };
        var filter = "(attribute_not_exists(#exp) OR #exp >= :now)";
        for (var i = 0; i < filters.Count; i++)
        {
            var n = "#f" + i.ToString(CultureInfo.InvariantCulture);
            var v = ":f" + i.ToString(CultureInfo.InvariantCulture);
            names[n] = filters[i].Attr;
            values[v] = S(filters[i].Value);
            filter += " AND " + n + " = " + v;
        }

        var added = 0;
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await _client.QueryAsync(new QueryRequest
            {
                TableName = table,
                IndexName = index,
                KeyConditionExpression = "#h = :h AND #sk BETWEEN :lo AND :hi",
                FilterExpression = filter,
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
                ScanIndexForward = false,
                Limit = Math.Max(want - added, 50),
                ExclusiveStartKey = start,
            }, cancellationToken);
            foreach (var item in page.Items ?? [])
            {
                var sk = item["sk"].S;
                if (sk == hi)
                {
                    continue;
                }

                into.Add((item["json"].S, sk));
                if (++added >= want)
                {
                    return;
                }
            }

            start = page.LastEvaluatedKey is { Count: > 0 } lek ? lek : null;
        }
        while (start is not null);
    }

    private static AttributeValue S(string s) => new() { S = s };

    private static AttributeValue N(long n) => new() { N = n.ToString(CultureInfo.InvariantCulture) };

    private static DateTimeOffset ParseTime(string s) =>
        DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static partial class Log
    {
        [LoggerMessage(EventId = 30, EventName = "DynamoWarning", Level = LogLevel.Warning, Message = "dynamodb: {Message}")]
        public static partial void Warning(ILogger logger, string message);
    }
}
