using AiSpm.Admin.Storage;
using AiSpm.Admin.Storage.Posture;
using AiSpm.Admin.Storage.Sqlite;

namespace AiSpm.Admin.Tests.Storage.Posture;

public sealed class SqlitePostureStoreTests : PostureStoreContractTests, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "aispm-posture-" + Guid.NewGuid().ToString("N"));

    internal override IPostureStore CreateStore(string name) =>
        new SqlitePostureStore(new StoreOptions { DataDirectory = Path.Combine(_root, name) }, TimeProvider.System);

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
