using AiSpm.Admin.Storage;
using AiSpm.Admin.Storage.Dynamo;
using AiSpm.Admin.Storage.Traffic;
using AiSpm.Admin.Tests.Support;

namespace AiSpm.Admin.Tests.Storage.Traffic;

/// <summary>The same traffic contract suite against dynalite, a real DynamoDB wire-protocol server.</summary>
public sealed class DynamoTrafficStoreTests(DynaliteFixture dynalite) : TrafficStoreContractTests, IClassFixture<DynaliteFixture>
{
    internal override ITrafficStore CreateStore(string name) =>
        new DynamoTrafficStore(new StoreOptions { Provider = "dynamodb", Environment = name, DynamoServiceUrl = dynalite.Url.ToString(), DynamoCreateTables = true });
}
