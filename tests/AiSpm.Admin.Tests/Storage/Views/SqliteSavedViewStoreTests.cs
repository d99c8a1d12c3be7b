using AiSpm.Admin.Storage;
using AiSpm.Admin.Storage.Sqlite;
using AiSpm.Admin.Storage.Views;

namespace AiSpm.Admin.Tests.Storage.Views;

public sealed class SqliteSavedViewStoreTests : SavedViewStoreContractTests, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "aispm-views-" + Guid.NewGuid().ToString("N"));

    internal override ISavedViewStore CreateStore(string name) =>
        new SqliteSavedViewStore(new StoreOptions { DataDirectory = Path.Combine(_root, name) }, TimeProvider.System);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
