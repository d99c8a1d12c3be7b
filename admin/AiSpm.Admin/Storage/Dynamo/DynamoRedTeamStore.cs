using System.IO.Compression;
using System.Text.Json;
using AiSpm.Admin.Storage.RedTeam;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace AiSpm.Admin.Storage.Dynamo;

/// <summary>
/// Red-team runs in the asset table (<see cref="DynamoAssetTable"/>), one partition <c>redteam</c> keyed by run id
/// (ids sort by start time, so the newest runs are one backwards Query). The figures are one attribute, the row
/// results a gzip-compressed second one that lists do not read; a run at the row cap stays well
/// under DynamoDB's 400 KB item limit.
/// </summary>
internal sealed class DynamoRedTeamStore(StoreOptions options) : DynamoAssetTablePartition(options), IRedTeamStore
{
    private const string Partition = "redteam";
    public async Task PutAsync(RedTeamRun run, CancellationToken cancellationToken)
    {
        var results = JsonSerializer.SerializeToUtf8Bytes(run.Results ?? [], RedTeamJsonContext.Default.IReadOnlyListRowResult);
        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(results);
        }

        packed.Position = 0;
        await Client.PutItemAsync(new PutItemRequest
        {
            TableName = Table.Name,
            Item = new Dictionary<string, AttributeValue>
            {
                ["pk"] = new(Partition),
                ["sk"] = new(run.Id),
                ["summary"] = new(JsonSerializer.Serialize(run with { Results = null }, RedTeamJsonContext.Default.RedTeamRun)),
                ["results"] = new() { B = packed },
            },
        }, cancellationToken);
    }

    public async Task<RedTeamRun?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var answer = await Client.GetItemAsync(new GetItemRequest
        {
            TableName = Table.Name,
            Key = new Dictionary<string, AttributeValue> { ["pk"] = new(Partition), ["sk"] = new(id) },
            ConsistentRead = true,
        }, cancellationToken);
        if (answer.Item is not { Count: > 0 } item)
        {
            return null;
        }

        var run = JsonSerializer.Deserialize(item["summary"].S, RedTeamJsonContext.Default.RedTeamRun)!;
        IReadOnlyList<RowResult> results = [];
        if (item.TryGetValue("results", out var packed) && packed.B is { } stream)
        {
            using var gzip = new GZipStream(stream, CompressionMode.Decompress);
            results = await JsonSerializer.DeserializeAsync(gzip, RedTeamJsonContext.Default.IReadOnlyListRowResult, cancellationToken) ?? [];
        }

        return run with { Results = results };
    }

    public async Task<IReadOnlyList<RedTeamRun>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        var list = new List<RedTeamRun>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await Client.QueryAsync(new QueryRequest
            {
                TableName = Table.Name,
                KeyConditionExpression = "pk = :pk",
                ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":pk"] = new(Partition) },
                ProjectionExpression = "summary",
                ScanIndexForward = false,
                Limit = limit - list.Count,
                ExclusiveStartKey = start,
            }, cancellationToken);
            foreach (var item in page.Items ?? [])
            {
                list.Add(JsonSerializer.Deserialize(item["summary"].S, RedTeamJsonContext.Default.RedTeamRun)!);
            }

            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null && list.Count < limit);

        return list;
    }

}
