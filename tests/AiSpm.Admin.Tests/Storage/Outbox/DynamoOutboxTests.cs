using System.Globalization;
using System.Text.Json;
using AiSpm.Admin.Json;
using AiSpm.Admin.Storage;
using AiSpm.Admin.Storage.Dynamo;
using AiSpm.Admin.Storage.Outbox;
using AiSpm.Admin.Tests.Support;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiSpm.Admin.Tests.Storage.Outbox;

/// <summary>The outbox contract against dynalite, plus the crash between a finding write and copying its deliveries.</summary>
public sealed class DynamoOutboxTests(DynaliteFixture dynalite) : OutboxContractTests, IClassFixture<DynaliteFixture>
{
    private string? _environment;

    internal override IAdminStore CreateStore(string name)
    {
        _environment = name;
        return new DynamoAdminStore(
            new StoreOptions { Provider = "dynamodb", Environment = name, DynamoServiceUrl = dynalite.Url.ToString(), DynamoCreateTables = true },
            Correlator,
            NullLogger<DynamoAdminStore>.Instance)
        { Sinks = Router };
    }

    [Fact]
    public async Task DeliveriesAFindingWriteCarriedAreRecoveredWhenTheProcessDiedBeforeCopyingThem()
    {
        // What a crash right after the finding's conditional put leaves behind: the finding with its deliveries in the
        // outbox attribute, and the marker written before the put (old enough to be stale).
        var e = Events.Make(1, key: "crashed");
        var finding = Correlator.Apply(null, e);
        var delivery = OutboxDelivery.For("all", FindingChange.Created, finding, DateTimeOffset.UtcNow.AddMinutes(-2));
        var tables = new DynamoTables(_environment!);
        using var client = new AmazonDynamoDBClient(
            new Amazon.Runtime.BasicAWSCredentials("local", "local"),
            new AmazonDynamoDBConfig { ServiceURL = dynalite.Url.ToString(), AuthenticationRegion = "us-east-1" });
        await client.PutItemAsync(new PutItemRequest
        {
            TableName = tables.Findings,
            Item = new()
            {
                ["id"] = new() { S = finding.Id },
                ["all"] = new() { S = "F" },
                ["sk"] = new() { S = AiSpm.Admin.Storage.SortKey.Of(finding.LastSeen, finding.Id) },
                ["status"] = new() { S = finding.Status },
                ["severity"] = new() { S = finding.Severity },
                ["type"] = new() { S = finding.Type },
                ["revision"] = new() { N = "1" },
                ["json"] = new() { S = JsonSerializer.Serialize(finding, AdminJsonContext.Default.FindingRecord) },
                ["outbox"] = new() { S = JsonSerializer.Serialize(new[] { delivery }, OutboxJsonContext.Default.OutboxDeliveryArray) },
            },
        });
        await client.PutItemAsync(new PutItemRequest
        {
            TableName = tables.Outbox,
            Item = new()
            {
                ["pk"] = new() { S = "pending" },
                ["sk"] = new() { S = finding.Id },
                ["revision"] = new() { N = "1" },
                ["atMs"] = new() { N = DateTimeOffset.UtcNow.AddMinutes(-2).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) },
            },
        });
        Assert.Empty(await Outbox.ListDueAsync("all", DateTimeOffset.UtcNow.AddMinutes(1), 10, CancellationToken.None));

        await Outbox.RecoverAsync(CancellationToken.None);

        var due = Assert.Single(await Outbox.ListDueAsync("all", DateTimeOffset.UtcNow.AddMinutes(1), 10, CancellationToken.None));
        Assert.Equal(delivery.Id, due.Id);
        var item = (await client.GetItemAsync(tables.Findings, new() { ["id"] = new() { S = finding.Id } })).Item;
        Assert.False(item.ContainsKey("outbox"));
        var markers = await client.QueryAsync(new QueryRequest
        {
            TableName = tables.Outbox,
            KeyConditionExpression = "pk = :p",
            ExpressionAttributeValues = new() { [":p"] = new() { S = "pending" } },
        });
        Assert.Empty(markers.Items ?? []);

        // Recovering again (another replica, a second pass) copies nothing twice.
        await Outbox.RecoverAsync(CancellationToken.None);
        Assert.Single(await Outbox.ListDueAsync("all", DateTimeOffset.UtcNow.AddMinutes(1), 10, CancellationToken.None));
    }

    [Fact]
    public async Task AFindingWriteLeavesNoCarriedDeliveriesOrMarkersBehind()
    {
        var e = Events.Make(1, key: "clean");
        await Store.IngestAsync([e], CancellationToken.None);
        using var client = new AmazonDynamoDBClient(
            new Amazon.Runtime.BasicAWSCredentials("local", "local"),
            new AmazonDynamoDBConfig { ServiceURL = dynalite.Url.ToString(), AuthenticationRegion = "us-east-1" });
        var tables = new DynamoTables(_environment!);
        var item = (await client.GetItemAsync(tables.Findings, new() { ["id"] = new() { S = Correlator.FindingIdFor(e) } })).Item;
        Assert.False(item.ContainsKey("outbox"));
        var markers = await client.QueryAsync(new QueryRequest
        {
            TableName = tables.Outbox,
            KeyConditionExpression = "pk = :p",
            ExpressionAttributeValues = new() { [":p"] = new() { S = "pending" } },
        });
        Assert.Empty(markers.Items ?? []);
    }
}
