using Microsoft.Data.Sqlite;

namespace AiSpm.Admin.Storage.Sqlite;

/// <summary>
/// The admin's one SQLite file (<c>aispm.db</c> in the data directory), shared by every store: how a connection to it
/// is made, and the first-use set-up each store runs for its own migration track (owner-only file, then the track's
/// migrations in order).
/// </summary>
internal sealed class SqliteFile(StoreOptions options)
{
    public string Path { get; } = System.IO.Path.Combine(options.DataDirectory, "aispm.db");

    public string ConnectionString { get; } = new SqliteConnectionStringBuilder
    {
        DataSource = System.IO.Path.Combine(options.DataDirectory, "aispm.db"),
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    /// <summary>An open connection; <c>synchronous=NORMAL</c> is safe under WAL (a power cut loses at most the last commits, never consistency).</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var conn = new SqliteConnection(ConnectionString);
        await conn.OpenAsync(cancellationToken);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "PRAGMA synchronous=NORMAL;";
        await cmd.ExecuteNonQueryAsync(cancellationToken);
        return conn;
    }

    /// <summary>Creates the file owner-only if absent and applies <paramref name="migrations"/> on the track <paramref name="table"/>.</summary>
    public async Task MigrateAsync(string table, string[] migrations, DateTimeOffset now, CancellationToken cancellationToken)
    {
        PrivateFiles.EnsureDirectory(options.DataDirectory);
        PrivateFiles.EnsureFile(Path);
        await using var conn = await OpenAsync(cancellationToken);
        await SqliteSchema.MigrateAsync(conn, table, migrations, now, cancellationToken);
    }
}
