using AiSpm.Admin.Storage;
using AiSpm.Admin.Storage.Dynamo;
using AiSpm.Admin.Storage.Views;
using AiSpm.Admin.Tests.Support;

namespace AiSpm.Admin.Tests.Storage.Views;

/// <summary>The same saved-view contract suite against dynalite, a real DynamoDB wire-protocol server.</summary>
public sealed class DynamoSavedViewStoreTests(DynaliteFixture dynalite) : SavedViewStoreContractTests, IClassFixture<DynaliteFixture>
{
    internal override ISavedViewStore CreateStore(string name) =>
        new DynamoSavedViewStore(new StoreOptions { Provider = "dynamodb", Environment = name, DynamoServiceUrl = dynalite.Url.ToString(), DynamoCreateTables = true });
}
