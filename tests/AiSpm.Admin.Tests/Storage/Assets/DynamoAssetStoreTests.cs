using AiSpm.Admin.Storage;
using AiSpm.Admin.Storage.Assets;
using AiSpm.Admin.Storage.Dynamo;
using AiSpm.Admin.Tests.Support;

namespace AiSpm.Admin.Tests.Storage.Assets;

/// <summary>The same asset contract suite against dynalite, a real DynamoDB wire-protocol server.</summary>
public sealed class DynamoAssetStoreTests(DynaliteFixture dynalite) : AssetStoreContractTests, IClassFixture<DynaliteFixture>
{
    internal override IAssetStore CreateStore(string name) =>
        new DynamoAssetStore(new StoreOptions { Provider = "dynamodb", Environment = name, DynamoServiceUrl = dynalite.Url.ToString(), DynamoCreateTables = true });

    [Fact]
    public async Task TheAssetTableIsPrefixedByEnvironmentAndHasTheIncomingEdgeIndex()
    {
        using var client = new Amazon.DynamoDBv2.AmazonDynamoDBClient(
            new Amazon.Runtime.BasicAWSCredentials("local", "local"),
            new Amazon.DynamoDBv2.AmazonDynamoDBConfig { ServiceURL = dynalite.Url.ToString(), AuthenticationRegion = "us-east-1" });
        var table = ((DynamoAssetStore)Store).TableName;
        Assert.EndsWith("-aispm-assets", table, StringComparison.Ordinal);
        var d = (await client.DescribeTableAsync(table)).Table;
        Assert.Equal([DynamoAssetTable.ByTo], d.GlobalSecondaryIndexes!.Select(g => g.IndexName));
    }
}
