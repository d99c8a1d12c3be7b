using AiSpm.Admin.Storage;
using AiSpm.Admin.Storage.Dynamo;
using AiSpm.Admin.Storage.RedTeam;
using AiSpm.Admin.Tests.Support;

namespace AiSpm.Admin.Tests.Storage.RedTeam;

/// <summary>The same red-team contract suite against dynalite, a real DynamoDB wire-protocol server.</summary>
public sealed class DynamoRedTeamStoreTests(DynaliteFixture dynalite) : RedTeamStoreContractTests, IClassFixture<DynaliteFixture>
{
    internal override IRedTeamStore CreateStore(string name) =>
        new DynamoRedTeamStore(new StoreOptions { Provider = "dynamodb", Environment = name, DynamoServiceUrl = dynalite.Url.ToString(), DynamoCreateTables = true });
}
