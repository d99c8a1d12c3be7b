using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace AiSpm.Admin.Storage.Dynamo;

/// <summary>
/// One table for the Guardian, keyed by <c>pk</c> and <c>sk</c>: actions under <c>action</c> by id, audit records
/// under <c>audit</c> by time then id. Every read is a Query.
/// </summary>
internal sealed class DynamoGuardianTable(string environment)
{
    public string Name { get; } = environment + "-aispm-guardian";

    public CreateTableRequest Definition() => new()
    {
        TableName = Name,
        BillingMode = BillingMode.PAY_PER_REQUEST,
        KeySchema = [new KeySchemaElement("pk", KeyType.HASH), new KeySchemaElement("sk", KeyType.RANGE)],
        AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S), new AttributeDefinition("sk", ScalarAttributeType.S)],
    };

    /// <summary>Creates the table when absent and waits until it is active.</summary>
    public Task EnsureAsync(IAmazonDynamoDB client, CancellationToken cancellationToken) =>
        DynamoTableCreation.EnsureAsync(client, Definition(), cancellationToken);
}
