using AiSpm.Admin.Guardian;
using AiSpm.Admin.Storage;
using AiSpm.Admin.Storage.Dynamo;
using AiSpm.Admin.Tests.Support;

namespace AiSpm.Admin.Tests.Guardian;

/// <summary>The Guardian store contract against dynalite; each test gets its own table.</summary>
public sealed class DynamoGuardianStoreTests(DynaliteFixture dynalite) : GuardianStoreContractTests, IClassFixture<DynaliteFixture>
{
    internal override IGuardianStore CreateStore() => new DynamoGuardianStore(new StoreOptions
    {
        Provider = "dynamodb",
        Environment = "g" + Guid.NewGuid().ToString("N")[..12],
        DynamoServiceUrl = dynalite.Url.ToString(),
        DynamoCreateTables = true,
    });
}
