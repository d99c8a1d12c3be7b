using AiSpm.Admin.Storage;
using AiSpm.Admin.Storage.Dynamo;
using AiSpm.Admin.Storage.Posture;
using AiSpm.Admin.Tests.Support;

namespace AiSpm.Admin.Tests.Storage.Posture;

/// <summary>The same posture contract suite against dynalite, in the asset table's posture partitions.</summary>
public sealed class DynamoPostureStoreTests(DynaliteFixture dynalite) : PostureStoreContractTests, IClassFixture<DynaliteFixture>
{
    internal override IPostureStore CreateStore(string name) =>
        new DynamoPostureStore(new StoreOptions { Provider = "dynamodb", Environment = name, DynamoServiceUrl = dynalite.Url.ToString(), DynamoCreateTables = true });
}
