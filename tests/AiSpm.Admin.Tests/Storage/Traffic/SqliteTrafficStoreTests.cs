using AiSpm.Admin.Storage;
using AiSpm.Admin.Storage.Sqlite;
using AiSpm.Admin.Storage.Traffic;

namespace AiSpm.Admin.Tests.Storage.Traffic;

public sealed class SqliteTrafficStoreTests : TrafficStoreContractTests, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "aispm-traffic-" + Guid.NewGuid().ToString("N"));

    internal override ITrafficStore CreateStore(string name) =>
        new SqliteTrafficStore(new StoreOptions { DataDirectory = Path.Combine(_root, name) }, TimeProvider.System);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
