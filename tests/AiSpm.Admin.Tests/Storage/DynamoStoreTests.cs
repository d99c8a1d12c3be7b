using AiSpm.Admin.Storage;
using AiSpm.Admin.Storage.Dynamo;
using AiSpm.Admin.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiSpm.Admin.Tests.Storage;

/// <summary>The same contract suite against dynalite, a real DynamoDB wire-protocol server started by the fixture.</summary>
public sealed class DynamoStoreTests(DynaliteFixture dynalite) : StoreContractTests, IClassFixture<DynaliteFixture>
{
    internal override IAdminStore CreateStore(string name) =>
        new DynamoAdminStore(
            new StoreOptions { Provider = "dynamodb", Environment = name, DynamoServiceUrl = dynalite.Url.ToString(), DynamoCreateTables = true },
            Correlator,
            NullLogger<DynamoAdminStore>.Instance);

    [Fact]
    public async Task TablesArePrefixedByEnvironmentAndQueriesNeedNoScan()
    {
        using var client = new Amazon.DynamoDBv2.AmazonDynamoDBClient(
            new Amazon.Runtime.BasicAWSCredentials("local", "local"),
            new Amazon.DynamoDBv2.AmazonDynamoDBConfig { ServiceURL = dynalite.Url.ToString(), AuthenticationRegion = "us-east-1" });
        var tables = (await client.ListTablesAsync()).TableNames;
        var env = new DynamoTables("x");
        var mine = tables!.Where(t => t.EndsWith("-aispm-events", StringComparison.Ordinal) || t.EndsWith("-aispm-findings", StringComparison.Ordinal)
            || t.EndsWith("-aispm-inventory", StringComparison.Ordinal) || t.EndsWith("-aispm-policies", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(mine);
        Assert.All(mine, t => Assert.StartsWith("t", t));
        Assert.Equal("x-aispm-events", env.Events);
        var events = (await client.DescribeTableAsync(mine.First(t => t.EndsWith("-events", StringComparison.Ordinal)))).Table;
        Assert.Equal(
            [DynamoTables.EventsByCategory, DynamoTables.EventsByDay, DynamoTables.EventsByKey, DynamoTables.EventsByModel, DynamoTables.EventsByRule, DynamoTables.EventsByTeam],
            events.GlobalSecondaryIndexes!.Select(g => g.IndexName).Order().ToArray());
    }
}
