using System.Text.Json;
using AiSpm.Admin.Guardian;
using Microsoft.Data.Sqlite;

namespace AiSpm.Admin.Storage.Sqlite;

/// <summary>
/// The Guardian's actions and audit in the admin's SQLite file, migrated on their own track. A state transition is
/// one <c>UPDATE ... WHERE state = $s AND revision = $r</c>: the row count says whether this caller won.
/// </summary>
internal sealed class SqliteGuardianStore(StoreOptions options, TimeProvider time) : IGuardianStore
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE guardian_actions (
            id         TEXT PRIMARY KEY,
            state      TEXT NOT NULL,
            revision   INTEGER NOT NULL,
            sort_key   TEXT NOT NULL,
            json       TEXT NOT NULL
        );
        CREATE INDEX guardian_actions_by_time ON guardian_actions (sort_key);
        CREATE TABLE guardian_audit (
            seq        INTEGER PRIMARY KEY AUTOINCREMENT,
            action_id  TEXT NOT NULL,
            json       TEXT NOT NULL
        );
        CREATE INDEX guardian_audit_by_action ON guardian_audit (action_id, seq);
        """,
    ];

    private readonly SqliteFile _db = new(options);

    public Task InitializeAsync(CancellationToken cancellationToken) =>
        _db.MigrateAsync("guardian_schema_migrations", Migrations, time.GetUtcNow(), cancellationToken);

    public async Task<GuardianAction?> TryAddAsync(GuardianAction action, CancellationToken cancellationToken)
    {
        var stored = action with { Revision = 1 };
        await using var conn = await OpenAsync(cancellationToken);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "INSERT INTO guardian_actions (id, state, revision, sort_key, json) VALUES ($id, $state, 1, $sk, $json) ON CONFLICT (id) DO NOTHING;";
        cmd.Parameters.AddWithValue("$id", action.Id);
        cmd.Parameters.AddWithValue("$state", action.State);
        cmd.Parameters.AddWithValue("$sk", SortKey.Of(action.CreatedAt, action.Id));
        cmd.Parameters.AddWithValue("$json", JsonSerializer.Serialize(stored, GuardianJsonContext.Default.GuardianAction));
        return await cmd.ExecuteNonQueryAsync(cancellationToken) == 1 ? stored : null;
    }

    public async Task<GuardianAction?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var conn = await OpenAsync(cancellationToken);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT json FROM guardian_actions WHERE id = $id;";
        cmd.Parameters.AddWithValue("$id", id);
        return await cmd.ExecuteScalarAsync(cancellationToken) is string json
            ? JsonSerializer.Deserialize(json, GuardianJsonContext.Default.GuardianAction)
            : null;
    }

    public async Task<IReadOnlyList<GuardianAction>> ListAsync(string? state, int limit, CancellationToken cancellationToken)
    {
        await using var conn = await OpenAsync(cancellationToken);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = state is null
            ? "SELECT json FROM guardian_actions ORDER BY sort_key DESC LIMIT $limit;"
            : "SELECT json FROM guardian_actions WHERE state = $state ORDER BY sort_key DESC LIMIT $limit;";
        cmd.Parameters.AddWithValue("$limit", limit);
        if (state is not null)
        {
            cmd.Parameters.AddWithValue("$state", state);
        }

        var list = new List<GuardianAction>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(JsonSerializer.Deserialize(reader.GetString(0), GuardianJsonContext.Default.GuardianAction)!);
        }

        return list;
    }

    public async Task<GuardianAction?> TryTransitionAsync(GuardianAction next, string expectedState, long expectedRevision, CancellationToken cancellationToken)
    {
        var stored = next with { Revision = expectedRevision + 1 };
        await using var conn = await OpenAsync(cancellationToken);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = """
            UPDATE guardian_actions SET state = $state, revision = $next, json = $json
            WHERE id = $id AND state = $expected AND revision = $revision;
            """;
        cmd.Parameters.AddWithValue("$id", next.Id);
        cmd.Parameters.AddWithValue("$state", next.State);
        cmd.Parameters.AddWithValue("$next", expectedRevision + 1);
        cmd.Parameters.AddWithValue("$json", JsonSerializer.Serialize(stored, GuardianJsonContext.Default.GuardianAction));
        cmd.Parameters.AddWithValue("$expected", expectedState);
        cmd.Parameters.AddWithValue("$revision", expectedRevision);
        return await cmd.ExecuteNonQueryAsync(cancellationToken) == 1 ? stored : null;
    }

    public async Task AppendAuditAsync(GuardianAudit record, CancellationToken cancellationToken)
    {
        await using var conn = await OpenAsync(cancellationToken);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "INSERT INTO guardian_audit (action_id, json) VALUES ($action, $json);";
        cmd.Parameters.AddWithValue("$action", record.ActionId);
        cmd.Parameters.AddWithValue("$json", JsonSerializer.Serialize(record, GuardianJsonContext.Default.GuardianAudit));
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<GuardianAudit>> ListAuditAsync(string? actionId, int limit, CancellationToken cancellationToken)
    {
        await using var conn = await OpenAsync(cancellationToken);
        await using var cmd = conn.CreateCommand();
        // The newest records, read back oldest first.
        cmd.CommandText = actionId is null
            ? "SELECT json FROM (SELECT seq, json FROM guardian_audit ORDER BY seq DESC LIMIT $limit) ORDER BY seq;"
            : "SELECT json FROM (SELECT seq, json FROM guardian_audit WHERE action_id = $action ORDER BY seq DESC LIMIT $limit) ORDER BY seq;";
        cmd.Parameters.AddWithValue("$limit", limit);
        if (actionId is not null)
        {
            cmd.Parameters.AddWithValue("$action", actionId);
        }

        var list = new List<GuardianAudit>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(JsonSerializer.Deserialize(reader.GetString(0), GuardianJsonContext.Default.GuardianAudit)!);
        }

        return list;
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => _db.OpenAsync(cancellationToken);
}
