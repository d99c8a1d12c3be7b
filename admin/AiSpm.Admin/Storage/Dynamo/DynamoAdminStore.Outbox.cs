using System.Globalization;
using System.Text.Json;
using AiSpm.Admin.Json;
using AiSpm.Admin.Storage.Outbox;
using Amazon.DynamoDBv2.Model;

namespace AiSpm.Admin.Storage.Dynamo;

/// <summary>
/// The outbox on DynamoDB, which (unlike dynalite, our local server) has transactions, but a finding write here is
/// already a conditional put on its revision, so the deliveries ride in that same put: the finding item carries its
/// not-yet-copied deliveries in one attribute. After the put they are copied to the outbox table (idempotent puts
/// keyed by delivery id) and the attribute is removed if the finding is still at that revision. A crash in between
/// leaves the attribute; the next write of the finding carries it forward, and a marker item written before the put
/// lets <see cref="RecoverAsync"/> find and copy it even if the finding is never written again. No delivery can be
/// lost; one may be copied twice, which the receiver drops by its id.
/// </summary>
internal sealed partial class DynamoAdminStore : IOutboxStore
{
    private const string OutboxAttribute = "outbox";
    private const string MarkerPk = "pending";
    private static readonly TimeSpan StaleMarker = TimeSpan.FromSeconds(30);

    /// <summary>Which sinks get which finding changes; none unless the host sets it.</summary>
    public IOutboxRouter Sinks { get; init; } = NoSinks.Instance;

    private static string DeliveryPk(string sink) => "d#" + sink;

    private static string StatePk(string sink) => "s#" + sink;

    private static string DeliverySk(string findingId, long revision) => findingId + "#" + revision.ToString("D12", CultureInfo.InvariantCulture);

    /// <summary>The deliveries the write of <paramref name="after"/> must carry (earlier ones not copied yet, then its own), as JSON; null when none.</summary>
    private async Task<string?> PrepareOutboxAsync(FindingRecord? before, FindingRecord after, CancellationToken cancellationToken)
    {
        if (Sinks is NoSinks)
        {
            return null;
        }

        var pending = new List<OutboxDelivery>();
        if (before is not null)
        {
            var got = await _client.GetItemAsync(new GetItemRequest
            {
                TableName = _tables.Findings,
                Key = new() { ["id"] = S(after.Id) },
                ConsistentRead = true,
                ProjectionExpression = OutboxAttribute,
            }, cancellationToken);
            if (got.Item is { } item && item.TryGetValue(OutboxAttribute, out var carried) && carried.S is { } json)
            {
                pending.AddRange(JsonSerializer.Deserialize(json, OutboxJsonContext.Default.OutboxDeliveryArray) ?? []);
            }
        }

        if (FindingChange.Detect(before, after) is { } change)
        {
            var now = DateTimeOffset.UtcNow;
            foreach (var sink in Sinks.SinksFor(change, after))
            {
                pending.Add(OutboxDelivery.For(sink, change, after, now));
            }
        }

        if (pending.Count == 0)
        {
            return null;
        }

        await _client.PutItemAsync(new PutItemRequest
        {
            TableName = _tables.Outbox,
            Item = new()
            {
                ["pk"] = S(MarkerPk),
                ["sk"] = S(after.Id),
                ["revision"] = N(after.Revision),
                ["atMs"] = N(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()),
            },
        }, cancellationToken);
        return JsonSerializer.Serialize(pending.ToArray(), OutboxJsonContext.Default.OutboxDeliveryArray);
    }

    /// <summary>Copies the deliveries a finding write carried into the outbox table, then clears them from the finding.</summary>
    private async Task FlushOutboxAsync(FindingRecord written, string? outbox, CancellationToken cancellationToken)
    {
        if (outbox is null)
        {
            return;
        }

        await CopyOutboxAsync(written.Id, written.Revision, outbox, cancellationToken);
    }

    private async Task CopyOutboxAsync(string findingId, long revision, string outbox, CancellationToken cancellationToken)
    {
        foreach (var d in JsonSerializer.Deserialize(outbox, OutboxJsonContext.Default.OutboxDeliveryArray) ?? [])
        {
            try
            {
                await _client.PutItemAsync(new PutItemRequest
                {
                    TableName = _tables.Outbox,
                    Item = ToItem(d),
                    // Copied before (a replay after a crash): keep that copy and its attempt count.
                    ConditionExpression = "attribute_not_exists(pk)",
                }, cancellationToken);
            }
            catch (ConditionalCheckFailedException)
            {
            }
        }

        try
        {
            await _client.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _tables.Findings,
                Key = new() { ["id"] = S(findingId) },
                UpdateExpression = "REMOVE " + OutboxAttribute,
                ConditionExpression = "revision = :r",
                ExpressionAttributeValues = new() { [":r"] = N(revision) },
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // A newer write carried these deliveries forward and will copy and clear them itself.
            return;
        }

        try
        {
            await _client.DeleteItemAsync(new DeleteItemRequest
            {
                TableName = _tables.Outbox,
                Key = new() { ["pk"] = S(MarkerPk), ["sk"] = S(findingId) },
                ConditionExpression = "revision <= :r",
                ExpressionAttributeValues = new() { [":r"] = N(revision) },
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
        }
    }

    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        var cutoff = DateTimeOffset.UtcNow - StaleMarker;
        foreach (var marker in await QueryAllAsync(MarkerPk, cancellationToken))
        {
            if (DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(marker["atMs"].N, CultureInfo.InvariantCulture)) > cutoff)
            {
                continue;
            }

            var findingId = marker["sk"].S;
            var got = await _client.GetItemAsync(new GetItemRequest
            {
                TableName = _tables.Findings,
                Key = new() { ["id"] = S(findingId) },
                ConsistentRead = true,
                ProjectionExpression = "revision, " + OutboxAttribute,
            }, cancellationToken);
            if (got.Item is { Count: > 0 } item && item.TryGetValue(OutboxAttribute, out var outbox) && outbox.S is { } json)
            {
                Log.Warning(_logger, "copying the outbox of finding " + findingId + " left by an interrupted write");
                await CopyOutboxAsync(findingId, long.Parse(item["revision"].N, CultureInfo.InvariantCulture), json, cancellationToken);
                continue;
            }

            try
            {
                await _client.DeleteItemAsync(new DeleteItemRequest
                {
                    TableName = _tables.Outbox,
                    Key = new() { ["pk"] = S(MarkerPk), ["sk"] = S(findingId) },
                    ConditionExpression = "revision = :r",
                    ExpressionAttributeValues = new() { [":r"] = marker["revision"] },
                }, cancellationToken);
            }
            catch (ConditionalCheckFailedException)
            {
            }
        }
    }

    public async Task<IReadOnlyList<OutboxDelivery>> ListDueAsync(string sink, DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        // Items come sorted by finding then revision, so the first live item of each finding is its head.
        var heads = new List<OutboxDelivery>();
        string? finding = null;
        foreach (var item in await QueryAllAsync(DeliveryPk(sink), cancellationToken))
        {
            var d = FromItem(item);
            if (d.Dead || d.FindingId == finding)
            {
                continue;
            }

            finding = d.FindingId;
            if (d.NextAttemptAt <= now)
            {
                heads.Add(d);
            }
        }

        heads.Sort(static (a, b) => a.CreatedAt != b.CreatedAt ? a.CreatedAt.CompareTo(b.CreatedAt) : string.CompareOrdinal(a.Id, b.Id));
        return heads.Count > max ? heads.GetRange(0, max) : heads;
    }

    public async Task CompleteAsync(OutboxDelivery delivery, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await _client.DeleteItemAsync(new DeleteItemRequest
        {
            TableName = _tables.Outbox,
            Key = new() { ["pk"] = S(DeliveryPk(delivery.Sink)), ["sk"] = S(DeliverySk(delivery.FindingId, delivery.Revision)) },
        }, cancellationToken);
        await _client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = _tables.Outbox,
            Key = new() { ["pk"] = S(StatePk(delivery.Sink)), ["sk"] = S("state") },
            UpdateExpression = "SET lastDeliveryMs = :t",
            ExpressionAttributeValues = new() { [":t"] = N(at.ToUnixTimeMilliseconds()) },
        }, cancellationToken);
    }

    public async Task FailAsync(OutboxDelivery delivery, string error, DateTimeOffset at, DateTimeOffset retryAt, bool dead, CancellationToken cancellationToken)
    {
        try
        {
            await _client.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _tables.Outbox,
                Key = new() { ["pk"] = S(DeliveryPk(delivery.Sink)), ["sk"] = S(DeliverySk(delivery.FindingId, delivery.Revision)) },
                UpdateExpression = "SET attempts = attempts + :one, lastError = :e, nextMs = :next, dead = :dead",
                ConditionExpression = "attribute_exists(pk)",
                ExpressionAttributeValues = new()
                {
                    [":one"] = N(1),
                    [":e"] = S(error),
                    [":next"] = N(retryAt.ToUnixTimeMilliseconds()),
                    [":dead"] = N(dead ? 1 : 0),
                },
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // Completed meanwhile by another replica.
        }

        await _client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = _tables.Outbox,
            Key = new() { ["pk"] = S(StatePk(delivery.Sink)), ["sk"] = S("state") },
            UpdateExpression = "SET lastError = :e, lastErrorMs = :t",
            ExpressionAttributeValues = new() { [":e"] = S(error), [":t"] = N(at.ToUnixTimeMilliseconds()) },
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<OutboxDelivery>> ListDeadLettersAsync(string sink, int max, CancellationToken cancellationToken)
    {
        var dead = new List<OutboxDelivery>();
        foreach (var item in await QueryAllAsync(DeliveryPk(sink), cancellationToken))
        {
            var d = FromItem(item);
            if (d.Dead)
            {
                dead.Add(d);
            }
        }

        dead.Sort(static (a, b) => a.CreatedAt != b.CreatedAt ? a.CreatedAt.CompareTo(b.CreatedAt) : string.CompareOrdinal(a.Id, b.Id));
        return dead.Count > max ? dead.GetRange(0, max) : dead;
    }

    public async Task<int> RetryDeadLettersAsync(string sink, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var d in await ListDeadLettersAsync(sink, int.MaxValue, cancellationToken))
        {
            try
            {
                await _client.UpdateItemAsync(new UpdateItemRequest
                {
                    TableName = _tables.Outbox,
                    Key = new() { ["pk"] = S(DeliveryPk(sink)), ["sk"] = S(DeliverySk(d.FindingId, d.Revision)) },
                    UpdateExpression = "SET attempts = :zero, nextMs = :now, dead = :zero",
                    ConditionExpression = "dead = :one",
                    ExpressionAttributeValues = new() { [":zero"] = N(0), [":one"] = N(1), [":now"] = N(now.ToUnixTimeMilliseconds()) },
                }, cancellationToken);
                count++;
            }
            catch (ConditionalCheckFailedException)
            {
            }
        }

        return count;
    }

    public async Task<OutboxStats> GetStatsAsync(string sink, CancellationToken cancellationToken)
    {
        long backlog = 0, dead = 0;
        foreach (var item in await QueryAllAsync(DeliveryPk(sink), cancellationToken))
        {
            if (item["dead"].N == "1")
            {
                dead++;
            }
            else
            {
                backlog++;
            }
        }

        var state = (await _client.GetItemAsync(new GetItemRequest
        {
            TableName = _tables.Outbox,
            Key = new() { ["pk"] = S(StatePk(sink)), ["sk"] = S("state") },
            ConsistentRead = true,
        }, cancellationToken)).Item;
        return new OutboxStats
        {
            Backlog = backlog,
            DeadLetters = dead,
            LastDeliveryAt = Millis(state, "lastDeliveryMs"),
            LastError = state is not null && state.TryGetValue("lastError", out var e) ? e.S : null,
            LastErrorAt = Millis(state, "lastErrorMs"),
        };
    }

    private static DateTimeOffset? Millis(Dictionary<string, AttributeValue>? item, string name) =>
        item is not null && item.TryGetValue(name, out var v) && v.N is { } n
            ? DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(n, CultureInfo.InvariantCulture))
            : null;

    private async Task<List<Dictionary<string, AttributeValue>>> QueryAllAsync(string pk, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await _client.QueryAsync(new QueryRequest
            {
                TableName = _tables.Outbox,
                KeyConditionExpression = "pk = :pk",
                ExpressionAttributeValues = new() { [":pk"] = S(pk) },
                ConsistentRead = true,
                ExclusiveStartKey = start,
            }, cancellationToken);
            items.AddRange(page.Items ?? []);
            start = page.LastEvaluatedKey is { Count: > 0 } lek ? lek : null;
        }
        while (start is not null);
        return items;
    }

    private static Dictionary<string, AttributeValue> ToItem(OutboxDelivery d)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            ["pk"] = S(DeliveryPk(d.Sink)),
            ["sk"] = S(DeliverySk(d.FindingId, d.Revision)),
            ["id"] = S(d.Id),
            ["findingId"] = S(d.FindingId),
            ["revision"] = N(d.Revision),
            ["change"] = S(d.Change),
            ["createdMs"] = N(d.CreatedAt.ToUnixTimeMilliseconds()),
            ["attempts"] = N(d.Attempts),
            ["nextMs"] = N(d.NextAttemptAt.ToUnixTimeMilliseconds()),
            ["dead"] = N(d.Dead ? 1 : 0),
            ["json"] = S(JsonSerializer.Serialize(d.Finding, AdminJsonContext.Default.FindingRecord)),
        };
        if (d.LastError is not null)
        {
            item["lastError"] = S(d.LastError);
        }

        return item;
    }

    private static OutboxDelivery FromItem(Dictionary<string, AttributeValue> item) => new()
    {
        Id = item["id"].S,
        Sink = item["pk"].S[2..],
        FindingId = item["findingId"].S,
        Revision = long.Parse(item["revision"].N, CultureInfo.InvariantCulture),
        Change = item["change"].S,
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(item["createdMs"].N, CultureInfo.InvariantCulture)),
        Attempts = int.Parse(item["attempts"].N, CultureInfo.InvariantCulture),
        NextAttemptAt = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(item["nextMs"].N, CultureInfo.InvariantCulture)),
        Dead = item["dead"].N == "1",
        LastError = item.TryGetValue("lastError", out var e) ? e.S : null,
        Finding = JsonSerializer.Deserialize(item["json"].S, AdminJsonContext.Default.FindingRecord)!,
    };
}
