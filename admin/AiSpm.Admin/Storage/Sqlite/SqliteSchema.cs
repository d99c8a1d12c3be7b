using Microsoft.Data.Sqlite;

namespace AiSpm.Admin.Storage.Sqlite;

/// <summary>
/// Schema set-up shared by the stores that live in one SQLite database: WAL mode, and a migration track per store
/// (its own <c>*_schema_migrations</c> table), applied in one transaction so a crash leaves either version.
/// </summary>
internal static class SqliteSchema
{
    /// <param name="trackTable">A constant table name of the caller's (never input): it is written into the SQL.</param>
    public static async Task MigrateAsync(SqliteConnection conn, string trackTable, string[] migrations, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await ExecAsync(conn, null, "PRAGMA journal_mode=WAL;", cancellationToken);
        await ExecAsync(conn, null, $"CREATE TABLE IF NOT EXISTS {trackTable} (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);", cancellationToken);
        await using var tx = (SqliteTransaction)await conn.BeginTransactionAsync(cancellationToken);
        long current;
        await using (var cmd = conn.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = $"SELECT COALESCE(MAX(version), 0) FROM {trackTable};";
            current = (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
        }

        for (var v = (int)current; v < migrations.Length; v++)
        {
            await ExecAsync(conn, tx, migrations[v], cancellationToken);
            await using var mark = conn.CreateCommand();
            mark.Transaction = tx;
            mark.CommandText = $"INSERT INTO {trackTable} (version, applied_at) VALUES ($v, $at);";
            mark.Parameters.AddWithValue("$v", v + 1);
            mark.Parameters.AddWithValue("$at", SortKey.Time(now));
            await mark.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
    }

    public static async Task ExecAsync(SqliteConnection conn, SqliteTransaction? tx, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
