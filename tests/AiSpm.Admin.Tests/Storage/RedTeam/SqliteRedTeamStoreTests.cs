using AiSpm.Admin.Storage;
using AiSpm.Admin.Storage.RedTeam;
using AiSpm.Admin.Storage.Sqlite;

namespace AiSpm.Admin.Tests.Storage.RedTeam;

public sealed class SqliteRedTeamStoreTests : RedTeamStoreContractTests, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "aispm-redteam-" + Guid.NewGuid().ToString("N"));

    internal override IRedTeamStore CreateStore(string name) =>
        new SqliteRedTeamStore(new StoreOptions { DataDirectory = Path.Combine(_root, name) }, TimeProvider.System);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
