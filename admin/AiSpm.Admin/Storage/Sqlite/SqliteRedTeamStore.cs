using System.Text.Json;
using AiSpm.Admin.Storage.RedTeam;
using Microsoft.Data.Sqlite;

namespace AiSpm.Admin.Storage.Sqlite;

/// <summary>Red-team runs in the admin's SQLite file, in a table of their own with its own migration track
/// (redteam_schema_migrations): the figures and the row results as two JSON columns.</summary>
internal sealed class SqliteRedTeamStore(StoreOptions options, TimeProvider time) : IRedTeamStore
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE redteam_runs (
            id       TEXT PRIMARY KEY,
            started  INTEGER NOT NULL,
            summary  TEXT NOT NULL,
            results  TEXT NOT NULL
        );
        CREATE INDEX redteam_by_started ON redteam_runs (started);
        """,
    ];

    private readonly SqliteFile _db = new(options);

    public Task InitializeAsync(CancellationToken cancellationToken) =>
        _db.MigrateAsync("redteam_schema_migrations", Migrations, time.GetUtcNow(), cancellationToken);

    public async Task PutAsync(RedTeamRun run, CancellationToken cancellationToken)
    {
        await using var conn = await _db.OpenAsync(cancellationToken);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "INSERT OR REPLACE INTO redteam_runs (id, started, summary, results) VALUES ($id, $s, $j, $r);";
        cmd.Parameters.AddWithValue("$id", run.Id);
        cmd.Parameters.AddWithValue("$s", run.StartedAt.ToUnixTimeMilliseconds());
        cmd.Parameters.AddWithValue("$j", JsonSerializer.Serialize(run with { Results = null }, RedTeamJsonContext.Default.RedTeamRun));
        cmd.Parameters.AddWithValue("$r", JsonSerializer.Serialize(run.Results ?? [], RedTeamJsonContext.Default.IReadOnlyListRowResult));
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<RedTeamRun?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var conn = await _db.OpenAsync(cancellationToken);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT summary, results FROM redteam_runs WHERE id = $id;";
        cmd.Parameters.AddWithValue("$id", id);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var run = JsonSerializer.Deserialize(reader.GetString(0), RedTeamJsonContext.Default.RedTeamRun)!;
        return run with { Results = JsonSerializer.Deserialize(reader.GetString(1), RedTeamJsonContext.Default.IReadOnlyListRowResult) ?? [] };
    }

    public async Task<IReadOnlyList<RedTeamRun>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        await using var conn = await _db.OpenAsync(cancellationToken);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT summary FROM redteam_runs ORDER BY started DESC, id DESC LIMIT $limit;";
        cmd.Parameters.AddWithValue("$limit", limit);
        var list = new List<RedTeamRun>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(JsonSerializer.Deserialize(reader.GetString(0), RedTeamJsonContext.Default.RedTeamRun)!);
        }

        return list;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
