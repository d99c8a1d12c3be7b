using System.Text.Json;
using AiSpm.Admin.Storage.Posture;
using Microsoft.Data.Sqlite;

namespace AiSpm.Admin.Storage.Sqlite;

/// <summary>Posture state in the same SQLite file as the rest of the admin's data; a result replacement is one transaction.</summary>
internal sealed class SqlitePostureStore(StoreOptions options, TimeProvider time) : IPostureStore
{
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly SqliteFile _db = new(options);

    public Task InitializeAsync(CancellationToken cancellationToken) =>
        _db.MigrateAsync("posture_schema_migrations", SqlitePostureMigrations.All, time.GetUtcNow(), cancellationToken);

    public async Task<IReadOnlyList<StoredControl>> ListControlsAsync(CancellationToken cancellationToken)
    {
        await using var conn = await OpenAsync(cancellationToken);
        await using var cmd = conn.CreateCommand();
        // The latest version of each id, left out when that version is a deletion.
        cmd.CommandText = """
            SELECT c.json FROM posture_controls c
            JOIN (SELECT id, MAX(version) AS v FROM posture_controls GROUP BY id) m ON c.id = m.id AND c.version = m.v
            WHERE c.deleted = 0 ORDER BY c.id;
            """;
        return await ReadAllAsync(cmd, PostureJsonContext.Default.StoredControl, cancellationToken);
    }

    public async Task<IReadOnlyList<StoredControl>> ControlHistoryAsync(string id, CancellationToken cancellationToken)
    {
        await using var conn = await OpenAsync(cancellationToken);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT json FROM posture_controls WHERE id = $id ORDER BY version DESC;";
        cmd.Parameters.AddWithValue("$id", id);
        return await ReadAllAsync(cmd, PostureJsonContext.Default.StoredControl, cancellationToken);
    }

    public async Task<StoredControl> PutControlAsync(StoredControl control, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            await using var conn = await OpenAsync(cancellationToken);
            await using var tx = (SqliteTransaction)await conn.BeginTransactionAsync(cancellationToken);
            long current;
            await using (var cmd = conn.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = "SELECT COALESCE(MAX(version), 0) FROM posture_controls WHERE id = $id;";
                cmd.Parameters.AddWithValue("$id", control.Id);
                current = (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
            }

            var stored = control with { Version = current + 1 };
            await using (var cmd = conn.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = "INSERT INTO posture_controls (id, version, deleted, json) VALUES ($id, $v, $d, $json);";
                cmd.Parameters.AddWithValue("$id", stored.Id);
                cmd.Parameters.AddWithValue("$v", stored.Version);
                cmd.Parameters.AddWithValue("$d", stored.Deleted ? 1 : 0);
                cmd.Parameters.AddWithValue("$json", JsonSerializer.Serialize(stored, PostureJsonContext.Default.StoredControl));
                await cmd.ExecuteNonQueryAsync(cancellationToken);
            }

            await tx.CommitAsync(cancellationToken);
            return stored;
        }
        finally
        {
            _writer.Release();
        }
    }

    public async Task PutExceptionAsync(PostureException exception, CancellationToken cancellationToken)
    {
        await using var conn = await OpenAsync(cancellationToken);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "INSERT INTO posture_exceptions (id, json) VALUES ($id, $json) ON CONFLICT (id) DO UPDATE SET json = excluded.json;";
        cmd.Parameters.AddWithValue("$id", exception.Id);
        cmd.Parameters.AddWithValue("$json", JsonSerializer.Serialize(exception, PostureJsonContext.Default.PostureException));
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<PostureException?> DeleteExceptionAsync(string id, CancellationToken cancellationToken)
    {
        await using var conn = await OpenAsync(cancellationToken);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "DELETE FROM posture_exceptions WHERE id = $id RETURNING json;";
        cmd.Parameters.AddWithValue("$id", id);
        return await cmd.ExecuteScalarAsync(cancellationToken) is string json
            ? JsonSerializer.Deserialize(json, PostureJsonContext.Default.PostureException)
            : null;
    }

    public async Task<IReadOnlyList<PostureException>> ListExceptionsAsync(CancellationToken cancellationToken)
    {
        await using var conn = await OpenAsync(cancellationToken);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT json FROM posture_exceptions ORDER BY id;";
        return await ReadAllAsync(cmd, PostureJsonContext.Default.PostureException, cancellationToken);
    }

    public async Task<IReadOnlyList<StoredResult>> ListResultsAsync(string? controlId, CancellationToken cancellationToken)
    {
        await using var conn = await OpenAsync(cancellationToken);
        await using var cmd = conn.CreateCommand();
        if (controlId is null)
        {
            cmd.CommandText = "SELECT json FROM posture_results ORDER BY control_id, resource_id;";
        }
        else
        {
            cmd.CommandText = "SELECT json FROM posture_results WHERE control_id = $c ORDER BY resource_id;";
            cmd.Parameters.AddWithValue("$c", controlId);
        }

        return await ReadAllAsync(cmd, PostureJsonContext.Default.StoredResult, cancellationToken);
    }

    public async Task ReplaceResultsAsync(string controlId, IReadOnlyList<StoredResult> results, IReadOnlyCollection<string>? scope, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            await using var conn = await OpenAsync(cancellationToken);
            await using var tx = (SqliteTransaction)await conn.BeginTransactionAsync(cancellationToken);
            await using (var delete = conn.CreateCommand())
            {
                delete.Transaction = tx;
                delete.Parameters.AddWithValue("$c", controlId);
                if (scope is null)
                {
                    delete.CommandText = "DELETE FROM posture_results WHERE control_id = $c;";
                    await delete.ExecuteNonQueryAsync(cancellationToken);
                }
                else
                {
                    delete.CommandText = "DELETE FROM posture_results WHERE control_id = $c AND resource_id = $r;";
                    var r = delete.Parameters.Add("$r", SqliteType.Text);
                    foreach (var id in scope)
                    {
                        r.Value = id;
                        await delete.ExecuteNonQueryAsync(cancellationToken);
                    }
                }
            }

            await using (var insert = conn.CreateCommand())
            {
                insert.Transaction = tx;
                insert.CommandText = """
                    INSERT INTO posture_results (control_id, resource_id, json) VALUES ($c, $r, $json)
                    ON CONFLICT (control_id, resource_id) DO UPDATE SET json = excluded.json;
                    """;
                var c = insert.Parameters.Add("$c", SqliteType.Text);
                var r = insert.Parameters.Add("$r", SqliteType.Text);
                var json = insert.Parameters.Add("$json", SqliteType.Text);
                foreach (var result in results)
                {
                    c.Value = controlId;
                    r.Value = result.ResourceId;
                    json.Value = JsonSerializer.Serialize(result with { ControlId = controlId }, PostureJsonContext.Default.StoredResult);
                    await insert.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            await tx.CommitAsync(cancellationToken);
        }
        finally
        {
            _writer.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        _writer.Dispose();
        return ValueTask.CompletedTask;
    }

    private static async Task<IReadOnlyList<T>> ReadAllAsync<T>(SqliteCommand cmd, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        var list = new List<T>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(JsonSerializer.Deserialize(reader.GetString(0), type)!);
        }

        return list;
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => _db.OpenAsync(cancellationToken);
}
