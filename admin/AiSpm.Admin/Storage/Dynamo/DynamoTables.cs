using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace AiSpm.Admin.Storage.Dynamo;

/// <summary>
/// The five tables and their keys. Every read the API makes is a Query on a primary key or a GSI, never a Scan:
/// events by id (idempotent put), by day / key / team / rule / model / category (each with the time-ordered sort
/// key); findings by id, by status and by recency; inventory by kind; policy versions newest first; outbox deliveries
/// by sink, ordered per finding by revision.
/// </summary>
internal sealed class DynamoTables(string environment)
{
    public string Events { get; } = environment + "-aispm-events";
    public string Findings { get; } = environment + "-aispm-findings";
    public string Inventory { get; } = environment + "-aispm-inventory";
    public string Policies { get; } = environment + "-aispm-policies";
    /// <summary>Sink deliveries, their per-sink state, and markers of finding writes whose deliveries are not copied yet.</summary>
    public string Outbox { get; } = environment + "-aispm-outbox";

    public const string EventsByDay = "by_day";
    public const string EventsByKey = "by_key";
    public const string EventsByTeam = "by_team";
    public const string EventsByRule = "by_rule";
    public const string EventsByModel = "by_model";
    public const string EventsByCategory = "by_category";
    public const string FindingsByTime = "by_time";
    public const string FindingsByStatus = "by_status";

    public IEnumerable<CreateTableRequest> Definitions()
    {
        yield return new CreateTableRequest
        {
            TableName = Events,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            KeySchema = [new KeySchemaElement("eventId", KeyType.HASH)],
            AttributeDefinitions =
            [
                new AttributeDefinition("eventId", ScalarAttributeType.S),
                new AttributeDefinition("sk", ScalarAttributeType.S),
                new AttributeDefinition("day", ScalarAttributeType.S),
                new AttributeDefinition("keyAlias", ScalarAttributeType.S),
                new AttributeDefinition("team", ScalarAttributeType.S),
                new AttributeDefinition("ruleId", ScalarAttributeType.S),
                new AttributeDefinition("model", ScalarAttributeType.S),
                new AttributeDefinition("category", ScalarAttributeType.S),
            ],
            GlobalSecondaryIndexes =
            [
                Gsi(EventsByDay, "day"),
                Gsi(EventsByKey, "keyAlias"),
                Gsi(EventsByTeam, "team"),
                Gsi(EventsByRule, "ruleId"),
                Gsi(EventsByModel, "model"),
                Gsi(EventsByCategory, "category"),
            ],
        };
        yield return new CreateTableRequest
        {
            TableName = Findings,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            KeySchema = [new KeySchemaElement("id", KeyType.HASH)],
            AttributeDefinitions =
            [
                new AttributeDefinition("id", ScalarAttributeType.S),
                new AttributeDefinition("sk", ScalarAttributeType.S),
                new AttributeDefinition("all", ScalarAttributeType.S),
                new AttributeDefinition("status", ScalarAttributeType.S),
            ],
            GlobalSecondaryIndexes = [Gsi(FindingsByTime, "all"), Gsi(FindingsByStatus, "status")],
        };
        yield return new CreateTableRequest
        {
            TableName = Inventory,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            KeySchema = [new KeySchemaElement("kind", KeyType.HASH), new KeySchemaElement("name", KeyType.RANGE)],
            AttributeDefinitions = [new AttributeDefinition("kind", ScalarAttributeType.S), new AttributeDefinition("name", ScalarAttributeType.S)],
        };
        yield return new CreateTableRequest
        {
            TableName = Policies,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH), new KeySchemaElement("version", KeyType.RANGE)],
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S), new AttributeDefinition("version", ScalarAttributeType.N)],
        };
        yield return new CreateTableRequest
        {
            TableName = Outbox,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH), new KeySchemaElement("sk", KeyType.RANGE)],
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S), new AttributeDefinition("sk", ScalarAttributeType.S)],
        };
    }

    private static GlobalSecondaryIndex Gsi(string name, string hash) => new()
    {
        IndexName = name,
        KeySchema = [new KeySchemaElement(hash, KeyType.HASH), new KeySchemaElement("sk", KeyType.RANGE)],
        Projection = new Projection { ProjectionType = ProjectionType.ALL },
    };

    /// <summary>Creates the absent tables and waits until they are active; sets the TTL attribute on events and findings.</summary>
    public async Task EnsureAsync(IAmazonDynamoDB client, Action<string> warn, CancellationToken cancellationToken)
    {
        var existing = await DynamoTableCreation.ExistingAsync(client, cancellationToken);
        foreach (var def in Definitions())
        {
            if (existing.Contains(def.TableName))
            {
                continue;
            }

            await DynamoTableCreation.CreateAndWaitAsync(client, def, cancellationToken);
            if (def.TableName == Events || def.TableName == Findings)
            {
                try
                {
                    await client.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
                    {
                        TableName = def.TableName,
                        TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = "expiresAt", Enabled = true },
                    }, cancellationToken);
                }
                catch (AmazonDynamoDBException ex)
                {
                    // dynalite and some local emulators do not implement TTL; real DynamoDB does.
                    warn("could not enable TTL on " + def.TableName + ": " + ex.Message);
                }
            }
        }
    }
}
