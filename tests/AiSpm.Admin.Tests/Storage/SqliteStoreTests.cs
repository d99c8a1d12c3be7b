using AiSpm.Admin.Storage;
using AiSpm.Admin.Storage.Sqlite;

namespace AiSpm.Admin.Tests.Storage;

public sealed class SqliteStoreTests : StoreContractTests, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "aispm-sqlite-" + Guid.NewGuid().ToString("N"));

    internal override IAdminStore CreateStore(string name) =>
        new SqliteAdminStore(new StoreOptions { DataDirectory = Path.Combine(_root, name) }, Correlator, TimeProvider.System);

    [Fact]
    public async Task DatabaseIsOneFileInWalMode()
    {
        var path = ((SqliteAdminStore)Store).DatabasePath;
        Assert.True(File.Exists(path));
        await using var conn = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + path);
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await cmd.ExecuteScalarAsync());
        cmd.CommandText = "SELECT MAX(version) FROM schema_migrations;";
        Assert.Equal(3L, (long)(await cmd.ExecuteScalarAsync())!);
    }

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
