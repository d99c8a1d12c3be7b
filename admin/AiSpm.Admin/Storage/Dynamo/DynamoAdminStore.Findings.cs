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

internal sealed partial class DynamoAdminStore
{
    public async Task<Page<FindingRecord>> QueryFindingsAsync(FindingQuery query, CancellationToken cancellationToken)
    {
        if (!SortKey.TryParseCursor(query.Cursor, out var after))
        {
            throw new ArgumentException("invalid cursor", nameof(query));
        }

        var (index, hashAttr, hashValue) = query.Status is not null
            ? (DynamoTables.FindingsByStatus, "status", query.Status)
            : (DynamoTables.FindingsByTime, "all", "F");
        var filters = new List<(string, string)>();
        if (query.Severity is not null)
        {
            filters.Add(("severity", query.Severity));
        }

        if (query.Type is not null)
        {
            filters.Add(("type", query.Type));
        }

        var raw = new List<(string Json, string Sk)>();
        await QueryRawAsync(_tables.Findings, index, hashAttr, hashValue, "0", after ?? "9", filters, query.Limit + 1, raw, cancellationToken);
        var more = raw.Count > query.Limit;
        var items = new List<FindingRecord>(Math.Min(raw.Count, query.Limit));
        for (var i = 0; i < raw.Count && i < query.Limit; i++)
        {
            items.Add(JsonSerializer.Deserialize(raw[i].Json, AdminJsonContext.Default.FindingRecord)!);
        }

        return new Page<FindingRecord>(items, more ? SortKey.ToCursor(raw[query.Limit - 1].Sk) : null);
    }

    public async Task<FindingRecord?> GetFindingAsync(string id, CancellationToken cancellationToken) =>
        (await ReadFindingAsync(id, cancellationToken)).Finding is { } f && f.LastSeen + _options.FindingRetention >= DateTimeOffset.UtcNow ? f : null;

    public async Task<FindingRecord?> UpdateFindingStatusAsync(string id, FindingStatusChange change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (existing, _) = await ReadFindingAsync(id, cancellationToken);
            if (existing is null)
            {
                return null;
            }

            var updated = existing with
            {
                Status = change.Status,
                StatusBy = change.By,
                StatusReason = change.Reason,
                StatusAt = change.At,
                Revision = existing.Revision + 1,
            };
            var outbox = await PrepareOutboxAsync(existing, updated, cancellationToken);
            if (await TryWriteFindingAsync(updated, existing.Revision, cancellationToken, outbox))
            {
                await FlushOutboxAsync(updated, outbox, cancellationToken);
                return updated;
            }

            if (attempt > 20)
            {
                throw new InvalidOperationException("finding " + id + " is changing too fast to update");
            }
        }
    }

    public async Task<FindingRecord> PutFindingAsync(FindingRecord finding, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (existing, revision) = await ReadFindingAsync(finding.Id, cancellationToken);
            var stored = finding with { Revision = revision + 1 };
            var outbox = await PrepareOutboxAsync(existing, stored, cancellationToken);
            if (await TryWriteFindingAsync(stored, revision, cancellationToken, outbox))
            {
                await FlushOutboxAsync(stored, outbox, cancellationToken);
                return stored;
            }

            if (attempt > 20)
            {
                throw new InvalidOperationException("finding " + finding.Id + " is changing too fast to update");
            }
        }
    }

    private async Task FoldIntoFindingAsync(DetectionEvent e, CancellationToken cancellationToken)
    {
        var id = _correlator.FindingIdFor(e);
        for (var attempt = 0; ; attempt++)
        {
            var (existing, revision) = await ReadFindingAsync(id, cancellationToken);
            var updated = _correlator.Apply(existing, e);
            var outbox = await PrepareOutboxAsync(existing, updated, cancellationToken);
            if (await TryWriteFindingAsync(updated, revision, cancellationToken, outbox))
            {
                await FlushOutboxAsync(updated, outbox, cancellationToken);
                return;
            }

            if (attempt > 50)
            {
                throw new InvalidOperationException("finding " + id + " is changing too fast to update");
            }
        }
    }

    private async Task<(FindingRecord? Finding, long Revision)> ReadFindingAsync(string id, CancellationToken cancellationToken)
    {
        var got = await _client.GetItemAsync(new GetItemRequest
        {
            TableName = _tables.Findings,
            Key = new() { ["id"] = S(id) },
            ConsistentRead = true,
        }, cancellationToken);
        if (got.Item is not { Count: > 0 } item)
        {
            return (null, 0);
        }

        var f = JsonSerializer.Deserialize(item["json"].S, AdminJsonContext.Default.FindingRecord)!;
        return (f, f.Revision);
    }

    /// <summary>Writes the finding if its stored revision is still <paramref name="expectedRevision"/> (0: absent).</summary>
    private async Task<bool> TryWriteFindingAsync(FindingRecord f, long expectedRevision, CancellationToken cancellationToken, string? outbox = null)
    {
        try
        {
            var item = new Dictionary<string, AttributeValue>
            {
                ["id"] = S(f.Id),
                ["all"] = S("F"),
                ["sk"] = S(SortKey.Of(f.LastSeen, f.Id)),
                ["status"] = S(f.Status),
                ["severity"] = S(f.Severity),
                ["type"] = S(f.Type),
                ["revision"] = N(f.Revision),
                ["expiresAt"] = N((f.LastSeen + _options.FindingRetention).ToUnixTimeSeconds()),
                ["json"] = S(JsonSerializer.Serialize(f, AdminJsonContext.Default.FindingRecord)),
            };
            if (outbox is not null)
            {
                item[OutboxAttribute] = S(outbox);
            }

            await _client.PutItemAsync(new PutItemRequest
            {
                TableName = _tables.Findings,
                Item = item,
                ConditionExpression = expectedRevision == 0 ? "attribute_not_exists(id)" : "revision = :r",
                ExpressionAttributeValues = expectedRevision == 0 ? null : new() { [":r"] = N(expectedRevision) },
            }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }
}
