using AiSpm.Admin.Storage;
using AiSpm.Admin.Storage.Sqlite;

namespace AiSpm.Admin.Tests.Storage.Outbox;

public sealed class SqliteOutboxTests : OutboxContractTests, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "aispm-outbox-" + Guid.NewGuid().ToString("N"));

    internal override IAdminStore CreateStore(string name) =>
        new SqliteAdminStore(new StoreOptions { DataDirectory = Path.Combine(_root, name) }, Correlator, TimeProvider.System) { Sinks = Router };

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
