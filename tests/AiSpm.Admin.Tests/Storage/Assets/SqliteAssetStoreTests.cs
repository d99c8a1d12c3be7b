using AiSpm.Admin.Storage;
using AiSpm.Admin.Storage.Assets;
using AiSpm.Admin.Storage.Sqlite;

namespace AiSpm.Admin.Tests.Storage.Assets;

public sealed class SqliteAssetStoreTests : AssetStoreContractTests, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "aispm-assets-" + Guid.NewGuid().ToString("N"));

    internal override IAssetStore CreateStore(string name) =>
        new SqliteAssetStore(new StoreOptions { DataDirectory = Path.Combine(_root, name) }, TimeProvider.System);

    [Fact]
    public async Task AssetTablesShareTheAdminDatabaseAndMigrateOnTheirOwnTrack()
    {
        var dir = Path.Combine(_root, "shared");
        var options = new StoreOptions { DataDirectory = dir };
        await using (var admin = new SqliteAdminStore(options, new AiSpm.Admin.Correlation.Correlator(new AiSpm.Admin.Correlation.CorrelationOptions()), TimeProvider.System))
        {
            await admin.InitializeAsync(CancellationToken.None);
        }

        await using (var assets = new SqliteAssetStore(options, TimeProvider.System))
        {
            await assets.InitializeAsync(CancellationToken.None);
            // Idempotent.
            await assets.InitializeAsync(CancellationToken.None);
        }

        await using var conn = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + Path.Combine(dir, "aispm.db"));
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT MAX(version) FROM asset_schema_migrations;";
        Assert.Equal(1L, (long)(await cmd.ExecuteScalarAsync())!);
        // The admin store's own track stays at its own latest migration, whatever the asset track adds.
        cmd.CommandText = "SELECT MAX(version) FROM schema_migrations;";
        Assert.Equal((long)SqliteMigrations.All.Length, (long)(await cmd.ExecuteScalarAsync())!);
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
