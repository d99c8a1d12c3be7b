using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace AiSpm.Admin.Storage.Dynamo;

/// <summary>Creating a store's tables at start (when <c>dynamoCreateTables</c> is on): the tables that exist, and a
/// create that tolerates another replica doing the same and waits until the table is active.</summary>
internal static class DynamoTableCreation
{
    public static async Task<HashSet<string>> ExistingAsync(IAmazonDynamoDB client, CancellationToken cancellationToken)
    {
        var existing = new HashSet<string>(StringComparer.Ordinal);
        string? start = null;
        do
        {
            var page = await client.ListTablesAsync(new ListTablesRequest { ExclusiveStartTableName = start }, cancellationToken);
            foreach (var t in page.TableNames ?? [])
            {
                existing.Add(t);
            }

            start = page.LastEvaluatedTableName;
        }
        while (start is not null);
        return existing;
    }

    public static async Task CreateAndWaitAsync(IAmazonDynamoDB client, CreateTableRequest definition, CancellationToken cancellationToken)
    {
        try
        {
            await client.CreateTableAsync(definition, cancellationToken);
        }
        catch (ResourceInUseException)
        {
            // Another replica created it first.
        }

        for (var i = 0; i < 600; i++)
        {
            var d = await client.DescribeTableAsync(definition.TableName, cancellationToken);
            if (d.Table.TableStatus == TableStatus.ACTIVE)
            {
                return;
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Creates the table when absent and waits until it is active.</summary>
    public static async Task EnsureAsync(IAmazonDynamoDB client, CreateTableRequest definition, CancellationToken cancellationToken)
    {
        if (!(await ExistingAsync(client, cancellationToken)).Contains(definition.TableName))
        {
            await CreateAndWaitAsync(client, definition, cancellationToken);
        }
    }
}
