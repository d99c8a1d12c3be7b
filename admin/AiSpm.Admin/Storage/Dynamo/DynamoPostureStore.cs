using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AiSpm.Admin.Storage.Posture;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace AiSpm.Admin.Storage.Dynamo;

/// <summary>
/// Posture state on DynamoDB, in the asset table (<see cref="DynamoAssetTable"/>) under partitions of its own, so no
/// new table has to be provisioned: control versions under <c>pcontrol#ID</c> by zero-padded version (a conditional
/// put, so two writers cannot take one version), the latest version of each control under <c>pcontrols</c> by id,
/// exceptions under <c>pexception</c> by id, results under <c>presult</c> by control and resource.
/// </summary>
internal sealed class DynamoPostureStore(StoreOptions options) : DynamoAssetTablePartition(options), IPostureStore
{
    private const string Sep = "\u001f";
    private const string ControlsPk = "pcontrols";
    private const string ExceptionPk = "pexception";
    private const string ResultPk = "presult";

    public async Task<IReadOnlyList<StoredControl>> ListControlsAsync(CancellationToken cancellationToken)
    {
        var all = await QueryJsonAsync(ControlsPk, null, PostureJsonContext.Default.StoredControl, forward: true, cancellationToken);
        return [.. all.Where(c => !c.Deleted)];
    }

    public Task<IReadOnlyList<StoredControl>> ControlHistoryAsync(string id, CancellationToken cancellationToken) =>
        QueryJsonAsync("pcontrol#" + id, null, PostureJsonContext.Default.StoredControl, forward: false, cancellationToken);

    public async Task<StoredControl> PutControlAsync(StoredControl control, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var history = await ControlHistoryAsync(control.Id, cancellationToken);
            var stored = control with { Version = (history.Count == 0 ? 0 : history[0].Version) + 1 };
            var json = JsonSerializer.Serialize(stored, PostureJsonContext.Default.StoredControl);
            try
            {
                await Client.PutItemAsync(new PutItemRequest
                {
                    TableName = Table.Name,
                    Item = Item("pcontrol#" + stored.Id, Version(stored.Version), json),
                    ConditionExpression = "attribute_not_exists(pk)",
                }, cancellationToken);
            }
            catch (ConditionalCheckFailedException) when (attempt < 20)
            {
                continue;
            }

            // The latest-version index: written after the version itself, and only forward, so a slower writer of an
            // older version cannot overwrite a newer one.
            try
            {
                await Client.PutItemAsync(new PutItemRequest
                {
                    TableName = Table.Name,
                    Item = ItemWithVersion(ControlsPk, stored.Id, json, stored.Version),
                    ConditionExpression = "attribute_not_exists(pk) OR #ver < :v",
                    ExpressionAttributeNames = new() { ["#ver"] = "version" },
                    ExpressionAttributeValues = new() { [":v"] = N(stored.Version) },
                }, cancellationToken);
            }
            catch (ConditionalCheckFailedException)
            {
            }

            return stored;
        }
    }

    public Task PutExceptionAsync(PostureException exception, CancellationToken cancellationToken) =>
        Client.PutItemAsync(new PutItemRequest
        {
            TableName = Table.Name,
            Item = Item(ExceptionPk, exception.Id, JsonSerializer.Serialize(exception, PostureJsonContext.Default.PostureException)),
        }, cancellationToken);

    public async Task<PostureException?> DeleteExceptionAsync(string id, CancellationToken cancellationToken)
    {
        var r = await Client.DeleteItemAsync(new DeleteItemRequest
        {
            TableName = Table.Name,
            Key = Key(ExceptionPk, id),
            ReturnValues = ReturnValue.ALL_OLD,
        }, cancellationToken);
        return r.Attributes is { Count: > 0 } old ? JsonSerializer.Deserialize(old["json"].S, PostureJsonContext.Default.PostureException) : null;
    }

    public Task<IReadOnlyList<PostureException>> ListExceptionsAsync(CancellationToken cancellationToken) =>
        QueryJsonAsync(ExceptionPk, null, PostureJsonContext.Default.PostureException, forward: true, cancellationToken);

    public Task<IReadOnlyList<StoredResult>> ListResultsAsync(string? controlId, CancellationToken cancellationToken) =>
        QueryJsonAsync(ResultPk, controlId is null ? null : controlId + Sep, PostureJsonContext.Default.StoredResult, forward: true, cancellationToken);

    public async Task ReplaceResultsAsync(string controlId, IReadOnlyList<StoredResult> results, IReadOnlyCollection<string>? scope, CancellationToken cancellationToken)
    {
        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        await QueryAsync(ResultPk, controlId + Sep, item => stored[item["sk"].S] = item["json"].S, forward: true, cancellationToken);
        var writes = new List<WriteRequest>();
        var kept = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in results)
        {
            var sk = controlId + Sep + r.ResourceId;
            kept.Add(sk);
            var json = JsonSerializer.Serialize(r with { ControlId = controlId }, PostureJsonContext.Default.StoredResult);
            // Unchanged results are not rewritten: a rescan that changed nothing writes nothing.
            if (!stored.TryGetValue(sk, out var old) || old != json)
            {
                writes.Add(new WriteRequest { PutRequest = new PutRequest { Item = Item(ResultPk, sk, json) } });
            }
        }

        var inScope = scope is null ? null : new HashSet<string>(scope, StringComparer.Ordinal);
        foreach (var sk in stored.Keys)
        {
            if (!kept.Contains(sk) && (inScope is null || inScope.Contains(sk[(controlId.Length + 1)..])))
            {
                writes.Add(new WriteRequest { DeleteRequest = new DeleteRequest { Key = Key(ResultPk, sk) } });
            }
        }

        for (var i = 0; i < writes.Count; i += 25)
        {
            await WriteBatchAsync(writes.GetRange(i, Math.Min(25, writes.Count - i)), cancellationToken);
        }
    }

    private async Task WriteBatchAsync(List<WriteRequest> batch, CancellationToken cancellationToken)
    {
        var pending = new Dictionary<string, List<WriteRequest>> { [Table.Name] = batch };
        for (var attempt = 0; pending.Count > 0; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(Math.Min(50 << Math.Min(attempt, 6), 2000), cancellationToken);
            }

            var r = await Client.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = pending }, cancellationToken);
            pending = r.UnprocessedItems is { Count: > 0 } u ? u : [];
            if (attempt > 20 && pending.Count > 0)
            {
                throw new InvalidOperationException("dynamodb kept returning unprocessed items for " + Table.Name);
            }
        }
    }

    private async Task<IReadOnlyList<T>> QueryJsonAsync<T>(string pk, string? skPrefix, JsonTypeInfo<T> type, bool forward, CancellationToken cancellationToken)
    {
        var list = new List<T>();
        await QueryAsync(pk, skPrefix, item => list.Add(JsonSerializer.Deserialize(item["json"].S, type)!), forward, cancellationToken);
        return list;
    }

    private async Task QueryAsync(string pk, string? skPrefix, Action<Dictionary<string, AttributeValue>> each, bool forward, CancellationToken cancellationToken)
    {
        var request = new QueryRequest
        {
            TableName = Table.Name,
            KeyConditionExpression = skPrefix is null ? "#pk = :pk" : "#pk = :pk AND begins_with(#sk, :p)",
            ExpressionAttributeNames = skPrefix is null ? new() { ["#pk"] = "pk" } : new() { ["#pk"] = "pk", ["#sk"] = "sk" },
            ExpressionAttributeValues = skPrefix is null ? new() { [":pk"] = S(pk) } : new() { [":pk"] = S(pk), [":p"] = S(skPrefix) },
            ConsistentRead = true,
            ScanIndexForward = forward,
        };
        do
        {
            var page = await Client.QueryAsync(request, cancellationToken);
            foreach (var item in page.Items ?? [])
            {
                each(item);
            }

            request.ExclusiveStartKey = page.LastEvaluatedKey is { Count: > 0 } lek ? lek : null;
        }
        while (request.ExclusiveStartKey is not null);
    }

    private static string Version(long v) => v.ToString("D12", CultureInfo.InvariantCulture);

    private static Dictionary<string, AttributeValue> Item(string pk, string sk, string json) => new() { ["pk"] = S(pk), ["sk"] = S(sk), ["json"] = S(json) };

    private static Dictionary<string, AttributeValue> ItemWithVersion(string pk, string sk, string json, long version)
    {
        var item = Item(pk, sk, json);
        item["version"] = N(version);
        return item;
    }

    private static Dictionary<string, AttributeValue> Key(string pk, string sk) => new() { ["pk"] = S(pk), ["sk"] = S(sk) };

    private static AttributeValue S(string s) => new() { S = s };

    private static AttributeValue N(long n) => new() { N = n.ToString(CultureInfo.InvariantCulture) };
}
