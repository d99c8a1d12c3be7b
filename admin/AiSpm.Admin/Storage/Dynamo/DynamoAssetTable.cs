using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace AiSpm.Admin.Storage.Dynamo;

/// <summary>
/// One table for the asset graph, keyed by a partition (<c>pk</c>) and sort key (<c>sk</c>): assets under
/// <c>asset</c> by id, edges under <c>edge</c> by from, type and to (plus the sparse <c>by_to</c> index for the
/// edges into an asset), change records under <c>change#ASSET</c> by time, runs under <c>run</c> by start time,
/// connector health under <c>connector</c> and leases under <c>lease</c>. Every read is a Query.
/// </summary>
internal sealed class DynamoAssetTable(string environment)
{
    public string Name { get; } = environment + "-aispm-assets";

    public const string ByTo = "by_to";

    public CreateTableRequest Definition() => new()
    {
        TableName = Name,
        BillingMode = BillingMode.PAY_PER_REQUEST,
        KeySchema = [new KeySchemaElement("pk", KeyType.HASH), new KeySchemaElement("sk", KeyType.RANGE)],
        AttributeDefinitions =
        [
            new AttributeDefinition("pk", ScalarAttributeType.S),
            new AttributeDefinition("sk", ScalarAttributeType.S),
            new AttributeDefinition("to", ScalarAttributeType.S),
        ],
        GlobalSecondaryIndexes =
        [
            new GlobalSecondaryIndex
            {
                IndexName = ByTo,
                KeySchema = [new KeySchemaElement("to", KeyType.HASH), new KeySchemaElement("sk", KeyType.RANGE)],
                Projection = new Projection { ProjectionType = ProjectionType.ALL },
            },
        ],
    };

    /// <summary>Creates the table when absent and waits until it is active.</summary>
    public Task EnsureAsync(IAmazonDynamoDB client, CancellationToken cancellationToken) =>
        DynamoTableCreation.EnsureAsync(client, Definition(), cancellationToken);
}
