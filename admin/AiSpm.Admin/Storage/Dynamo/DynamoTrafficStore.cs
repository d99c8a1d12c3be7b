using System.Globalization;
using System.Text.Json;
using AiSpm.Admin.Storage.Traffic;
using AiSpm.Contracts;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace AiSpm.Admin.Storage.Dynamo;

/// <summary>
/// Traffic summaries in the asset table (<see cref="DynamoAssetTable"/>), one partition per UTC day
/// (<c>traffic#2026-12-07</c>) so that a day's traffic is one Query and no partition grows without bound; the sort key
/// starts with the minute, so a window is a key range. Writes are plain puts: a resent summary replaces itself.
/// </summary>
internal sealed class DynamoTrafficStore(StoreOptions options) : DynamoAssetTablePartition(options), ITrafficStore
{
    private const string Sep = "\u001f";
    public async Task PutAsync(string gatewayId, IReadOnlyList<TrafficSummary> summaries, CancellationToken cancellationToken)
    {
        var writes = new List<WriteRequest>(summaries.Count);
        var seen = new HashSet<(string, string)>();
        for (var i = summaries.Count - 1; i >= 0; i--)
        {
            // A batch may not write one key twice; the last copy of a summary in the batch wins.
            var s = summaries[i];
            var pk = Partition(s.Minute);
            var sk = SortKey(s, gatewayId);
            if (!seen.Add((pk, sk)))
            {
                continue;
            }

            writes.Add(new WriteRequest(new PutRequest(new Dictionary<string, AttributeValue>
            {
                ["pk"] = new(pk),
                ["sk"] = new(sk),
                ["gateway"] = new(gatewayId),
                ["json"] = new(JsonSerializer.Serialize(s, TrafficJsonContext.Default.TrafficSummary)),
            })));
        }

        for (var i = 0; i < writes.Count; i += 25)
        {
            var pending = new Dictionary<string, List<WriteRequest>> { [Table.Name] = writes.GetRange(i, Math.Min(25, writes.Count - i)) };
            for (var attempt = 0; pending.Count > 0 && pending.TryGetValue(Table.Name, out var left) && left.Count > 0; attempt++)
            {
                if (attempt > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 50 << Math.Min(attempt, 5))), cancellationToken);
                }

                var answer = await Client.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = pending }, cancellationToken);
                pending = answer.UnprocessedItems ?? [];
            }
        }
    }

    public async Task<IReadOnlyList<StoredTraffic>> QueryAsync(TrafficQuery query, CancellationToken cancellationToken)
    {
        var list = new List<StoredTraffic>();
        for (var day = query.From.UtcDateTime.Date; day < query.To.UtcDateTime && list.Count < query.Limit; day = day.AddDays(1))
        {
            Dictionary<string, AttributeValue>? start = null;
            do
            {
                var page = await Client.QueryAsync(new QueryRequest
                {
                    TableName = Table.Name,
                    KeyConditionExpression = "pk = :pk AND sk BETWEEN :from AND :to",
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                    {
                        [":pk"] = new(Partition(new DateTimeOffset(day, TimeSpan.Zero))),
                        [":from"] = new(Minute(query.From)),
                        [":to"] = new(Minute(query.To)),
                    },
                    ExclusiveStartKey = start,
                }, cancellationToken);
                foreach (var item in page.Items ?? [])
                {
                    var s = JsonSerializer.Deserialize(item["json"].S, TrafficJsonContext.Default.TrafficSummary)!;
                    if (query.Matches(s) && list.Count < query.Limit)
                    {
                        list.Add(new StoredTraffic(item["gateway"].S, s));
                    }
                }

                start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
            }
            while (start is not null && list.Count < query.Limit);
        }

        return list;
    }

    private static string Partition(DateTimeOffset minute) => "traffic#" + minute.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Minute(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    private static string SortKey(TrafficSummary s, string gatewayId) =>
        string.Join(Sep, Minute(s.Minute), gatewayId, s.Route, s.Model ?? "", s.Key ?? "", s.Team ?? "");
}
