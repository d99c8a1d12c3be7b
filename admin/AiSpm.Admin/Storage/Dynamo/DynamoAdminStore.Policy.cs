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
    public async Task<GatewayPolicy?> GetPolicyAsync(CancellationToken cancellationToken)
    {
        var (policy, _) = await ReadLatestPolicyAsync(cancellationToken);
        return policy;
    }

    public async Task<GatewayPolicy> PutPolicyAsync(GatewayPolicy policy, long? expectedVersion, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (_, current) = await ReadLatestPolicyAsync(cancellationToken);
            if (expectedVersion is { } expected && expected != current)
            {
                throw new PolicyConflictException("the policy changed since version " + expected.ToString(CultureInfo.InvariantCulture)) { CurrentVersion = current };
            }

            var next = policy with { Version = (current + 1).ToString(CultureInfo.InvariantCulture) };
            try
            {
                await _client.PutItemAsync(new PutItemRequest
                {
                    TableName = _tables.Policies,
                    Item = new()
                    {
                        ["pk"] = S(PolicyPk),
                        ["version"] = N(current + 1),
                        ["json"] = S(JsonSerializer.Serialize(next, AdminJsonContext.Default.GatewayPolicy)),
                    },
                    ConditionExpression = "attribute_not_exists(version)",
                }, cancellationToken);
                return next;
            }
            catch (ConditionalCheckFailedException) when (expectedVersion is null && attempt < 20)
            {
                // Someone else wrote this version first; without an expected version, retry on top of theirs.
            }
            catch (ConditionalCheckFailedException)
            {
                throw new PolicyConflictException("the policy changed concurrently") { CurrentVersion = current + 1 };
            }
        }
    }

    private async Task<(GatewayPolicy? Policy, long Version)> ReadLatestPolicyAsync(CancellationToken cancellationToken)
    {
        var page = await _client.QueryAsync(new QueryRequest
        {
            TableName = _tables.Policies,
            KeyConditionExpression = "pk = :pk",
            ExpressionAttributeValues = new() { [":pk"] = S(PolicyPk) },
            ScanIndexForward = false,
            Limit = 1,
            ConsistentRead = true,
        }, cancellationToken);
        if (page.Items is not { Count: > 0 } items)
        {
            return (null, 0);
        }

        var item = items[0];
        return (JsonSerializer.Deserialize(item["json"].S, AdminJsonContext.Default.GatewayPolicy),
            long.Parse(item["version"].N, CultureInfo.InvariantCulture));
    }
}
