using AiSpm.Admin.Storage.Views;

namespace AiSpm.Admin.Storage.Sqlite;

/// <summary>Saved views in the admin's SQLite file, in a table of their own with its own migration track
/// (views_schema_migrations), keyed by owner, view and name.</summary>
internal sealed class SqliteSavedViewStore(StoreOptions options, TimeProvider time) : ISavedViewStore
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE saved_views (
            owner TEXT NOT NULL,
            view  TEXT NOT NULL,
            name  TEXT NOT NULL,
            query TEXT NOT NULL,
            saved INTEGER NOT NULL,
            PRIMARY KEY (owner, view, name)
        );
        """,
    ];

    private readonly SqliteFile _db = new(options);

    public Task InitializeAsync(CancellationToken cancellationToken) =>
        _db.MigrateAsync("views_schema_migrations", Migrations, time.GetUtcNow(), cancellationToken);

    public async Task<IReadOnlyList<SavedView>> ListAsync(string owner, string view, CancellationToken cancellationToken)
    {
        await using var conn = await _db.OpenAsync(cancellationToken);
        await using var cmd = conn.CreateCommand();
        // BINARY collation is SQLite's default: names sort ordinally, as the DynamoDB sort key does.
        cmd.CommandText = "SELECT name, query, saved FROM saved_views WHERE owner = $o AND view = $v ORDER BY name;";
        cmd.Parameters.AddWithValue("$o", owner);
        cmd.Parameters.AddWithValue("$v", view);
        var list = new List<SavedView>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new SavedView(owner, view, reader.GetString(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2))));
        }

        return list;
    }

    public async Task PutAsync(SavedView saved, CancellationToken cancellationToken)
    {
        await using var conn = await _db.OpenAsync(cancellationToken);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "INSERT OR REPLACE INTO saved_views (owner, view, name, query, saved) VALUES ($o, $v, $n, $q, $s);";
        cmd.Parameters.AddWithValue("$o", saved.Owner);
        cmd.Parameters.AddWithValue("$v", saved.View);
        cmd.Parameters.AddWithValue("$n", saved.Name);
        cmd.Parameters.AddWithValue("$q", saved.Query);
        cmd.Parameters.AddWithValue("$s", saved.SavedAt.ToUnixTimeMilliseconds());
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> DeleteAsync(string owner, string view, string name, CancellationToken cancellationToken)
    {
        await using var conn = await _db.OpenAsync(cancellationToken);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "DELETE FROM saved_views WHERE owner = $o AND view = $v AND name = $n;";
        cmd.Parameters.AddWithValue("$o", owner);
        cmd.Parameters.AddWithValue("$v", view);
        cmd.Parameters.AddWithValue("$n", name);
        return await cmd.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
