using AiSpm.Admin.Guardian;
using AiSpm.Admin.Storage;
using AiSpm.Admin.Storage.Sqlite;

namespace AiSpm.Admin.Tests.Guardian;

public sealed class SqliteGuardianStoreTests : GuardianStoreContractTests, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "aispm-guardian-" + Guid.NewGuid().ToString("N"));

    internal override IGuardianStore CreateStore() => new SqliteGuardianStore(new StoreOptions { DataDirectory = _root }, TimeProvider.System);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
