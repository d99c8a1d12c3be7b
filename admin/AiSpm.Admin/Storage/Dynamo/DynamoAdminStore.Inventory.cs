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
    public async Task<IReadOnlyList<InventoryItem>> ListInventoryAsync(string? kind, CancellationToken cancellationToken)
    {
        var items = new List<InventoryItem>();
        foreach (var k in kind is null ? InventoryKind.All : [kind])
        {
            Dictionary<string, AttributeValue>? start = null;
            do
            {
                var page = await _client.QueryAsync(new QueryRequest
                {
                    TableName = _tables.Inventory,
                    KeyConditionExpression = "kind = :k",
                    ExpressionAttributeValues = new() { [":k"] = S(k) },
                    ExclusiveStartKey = start,
                }, cancellationToken);
                foreach (var item in page.Items ?? [])
                {
                    items.Add(new InventoryItem
                    {
                        Kind = item["kind"].S,
                        Name = item["name"].S,
                        FirstSeen = ParseTime(item["firstSeen"].S),
                        LastSeen = ParseTime(item["lastSeen"].S),
                        EventCount = long.Parse(item["eventCount"].N, CultureInfo.InvariantCulture),
                    });
                }

                start = page.LastEvaluatedKey is { Count: > 0 } lek ? lek : null;
            }
            while (start is not null);
        }

        return items;
    }

    private async Task UpdateInventoryAsync(List<DetectionEvent> events, CancellationToken cancellationToken)
    {
        var groups = new Dictionary<(string Kind, string Name), (long Count, DateTimeOffset First, DateTimeOffset Last)>();
        foreach (var e in events)
        {
            foreach (var k in InventoryKind.Of(e))
            {
                groups[k] = groups.TryGetValue(k, out var g)
                    ? (g.Count + 1, e.Timestamp < g.First ? e.Timestamp : g.First, e.Timestamp > g.Last ? e.Timestamp : g.Last)
                    : (1, e.Timestamp, e.Timestamp);
            }
        }

        foreach (var ((kind, name), (count, first, last)) in groups)
        {
            var key = new Dictionary<string, AttributeValue> { ["kind"] = S(kind), ["name"] = S(name) };
            await _client.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _tables.Inventory,
                Key = key,
                UpdateExpression = "ADD eventCount :n SET firstSeen = if_not_exists(firstSeen, :f), lastSeen = if_not_exists(lastSeen, :l)",
                ExpressionAttributeValues = new() { [":n"] = N(count), [":f"] = S(SortKey.Time(first)), [":l"] = S(SortKey.Time(last)) },
            }, cancellationToken);
            // DynamoDB has no max(): move each bound only when ours is further out.
            await TryUpdateAsync(key, "SET lastSeen = :t", "lastSeen < :t", SortKey.Time(last), cancellationToken);
            await TryUpdateAsync(key, "SET firstSeen = :t", "firstSeen > :t", SortKey.Time(first), cancellationToken);
        }
    }

    private async Task TryUpdateAsync(Dictionary<string, AttributeValue> key, string update, string condition, string value, CancellationToken cancellationToken)
    {
        try
        {
            await _client.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _tables.Inventory,
                Key = key,
                UpdateExpression = update,
                ConditionExpression = condition,
                ExpressionAttributeValues = new() { [":t"] = S(value) },
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
        }
    }
}
