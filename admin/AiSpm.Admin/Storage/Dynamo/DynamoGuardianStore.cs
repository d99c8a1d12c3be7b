using System.Globalization;
using System.Text.Json;
using AiSpm.Admin.Guardian;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace AiSpm.Admin.Storage.Dynamo;

/// <summary>
/// The Guardian on DynamoDB (<see cref="DynamoGuardianTable"/>). Adding is a put on an absent key; a state transition
/// is a put conditional on the expected state and revision, so of two replicas racing on one action exactly one wins.
/// </summary>
internal sealed class DynamoGuardianStore : IGuardianStore
{
    private const string ActionPk = "action";
    private const string AuditPk = "audit";

    private readonly StoreOptions _options;
    private readonly IAmazonDynamoDB _client;
    private readonly DynamoGuardianTable _table;

    public DynamoGuardianStore(StoreOptions options)
    {
        _options = options;
        _table = new DynamoGuardianTable(options.Environment);
        _client = DynamoClients.Create(options);
    }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_options.DynamoCreateTables)
        {
            await _table.EnsureAsync(_client, cancellationToken);
        }
    }

    public async Task<GuardianAction?> TryAddAsync(GuardianAction action, CancellationToken cancellationToken)
    {
        var stored = action with { Revision = 1 };
        try
        {
            await _client.PutItemAsync(new PutItemRequest
            {
                TableName = _table.Name,
                Item = ActionItem(stored),
                ConditionExpression = "attribute_not_exists(pk)",
            }, cancellationToken);
            return stored;
        }
        catch (ConditionalCheckFailedException)
        {
            return null;
        }
    }

    public async Task<GuardianAction?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var item = (await _client.GetItemAsync(new GetItemRequest
        {
            TableName = _table.Name,
            Key = new() { ["pk"] = S(ActionPk), ["sk"] = S(id) },
            ConsistentRead = true,
        }, cancellationToken)).Item;
        return item is { Count: > 0 } ? ReadAction(item) : null;
    }

    public async Task<IReadOnlyList<GuardianAction>> ListAsync(string? state, int limit, CancellationToken cancellationToken)
    {
        // Actions are few (one per target and finding), so the partition is read whole and ordered here.
        var list = new List<GuardianAction>();
        await QueryAsync(ActionPk, forward: true, item =>
        {
            if (state is null || item["state"].S == state)
            {
                list.Add(ReadAction(item));
            }

            return true;
        }, cancellationToken);
        list.Sort((a, b) => b.CreatedAt != a.CreatedAt ? b.CreatedAt.CompareTo(a.CreatedAt) : string.CompareOrdinal(b.Id, a.Id));
        return list.Count > limit ? list.GetRange(0, limit) : list;
    }

    public async Task<GuardianAction?> TryTransitionAsync(GuardianAction next, string expectedState, long expectedRevision, CancellationToken cancellationToken)
    {
        var stored = next with { Revision = expectedRevision + 1 };
        try
        {
            await _client.PutItemAsync(new PutItemRequest
            {
                TableName = _table.Name,
                Item = ActionItem(stored),
                ConditionExpression = "#state = :expected AND revision = :revision",
                ExpressionAttributeNames = new() { ["#state"] = "state" },
                ExpressionAttributeValues = new() { [":expected"] = S(expectedState), [":revision"] = N(expectedRevision) },
            }, cancellationToken);
            return stored;
        }
        catch (ConditionalCheckFailedException)
        {
            return null;
        }
    }

    public async Task AppendAuditAsync(GuardianAudit record, CancellationToken cancellationToken)
    {
        await _client.PutItemAsync(new PutItemRequest
        {
            TableName = _table.Name,
            Item = new()
            {
                ["pk"] = S(AuditPk),
                ["sk"] = S(SortKey.Of(record.At, record.Id)),
                ["actionId"] = S(record.ActionId),
                ["json"] = S(JsonSerializer.Serialize(record, GuardianJsonContext.Default.GuardianAudit)),
            },
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<GuardianAudit>> ListAuditAsync(string? actionId, int limit, CancellationToken cancellationToken)
    {
        // Newest first until the limit, then reversed so the trail reads in order.
        var list = new List<GuardianAudit>();
        await QueryAsync(AuditPk, forward: false, item =>
        {
            if (actionId is null || item["actionId"].S == actionId)
            {
                list.Add(JsonSerializer.Deserialize(item["json"].S, GuardianJsonContext.Default.GuardianAudit)!);
            }

            return list.Count < limit;
        }, cancellationToken);
        list.Reverse();
        return list;
    }

    private async Task QueryAsync(string pk, bool forward, Func<Dictionary<string, AttributeValue>, bool> onItem, CancellationToken cancellationToken)
    {
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await _client.QueryAsync(new QueryRequest
            {
                TableName = _table.Name,
                KeyConditionExpression = "pk = :pk",
                ExpressionAttributeValues = new() { [":pk"] = S(pk) },
                ScanIndexForward = forward,
                ConsistentRead = true,
                ExclusiveStartKey = start,
            }, cancellationToken);
            foreach (var item in page.Items ?? [])
            {
                if (!onItem(item))
                {
                    return;
                }
            }

            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);
    }

    private static Dictionary<string, AttributeValue> ActionItem(GuardianAction a) => new()
    {
        ["pk"] = S(ActionPk),
        ["sk"] = S(a.Id),
        ["state"] = S(a.State),
        ["revision"] = N(a.Revision),
        ["json"] = S(JsonSerializer.Serialize(a, GuardianJsonContext.Default.GuardianAction)),
    };

    private static GuardianAction ReadAction(Dictionary<string, AttributeValue> item) =>
        JsonSerializer.Deserialize(item["json"].S, GuardianJsonContext.Default.GuardianAction)!;

    private static AttributeValue S(string s) => new() { S = s };

    private static AttributeValue N(long n) => new() { N = n.ToString(CultureInfo.InvariantCulture) };
}
