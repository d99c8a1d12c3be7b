using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AiSpm.Admin.Correlation;
using AiSpm.Admin.Json;
using AiSpm.Contracts;
using Microsoft.Data.Sqlite;

namespace AiSpm.Admin.Storage.Sqlite;

internal sealed partial class SqliteAdminStore
{
    public async Task<Page<FindingRecord>> QueryFindingsAsync(FindingQuery query, CancellationToken cancellationToken)
    {
        if (!SortKey.TryParseCursor(query.Cursor, out var after))
        {
            throw new ArgumentException("invalid cursor", nameof(query));
        }

        await using var conn = await OpenAsync(cancellationToken);
        await using var cmd = conn.CreateCommand();
        var sql = new StringBuilder("SELECT json, sort_key FROM findings WHERE 1=1");
        AddFilter(cmd, sql, "status", query.Status);
        AddFilter(cmd, sql, "severity", query.Severity);
        AddFilter(cmd, sql, "type", query.Type);
        if (after is not null)
        {
            sql.Append(" AND sort_key < $after");
            cmd.Parameters.AddWithValue("$after", after);
        }

        return await ReadPageAsync(cmd, sql, query.Limit, AdminJsonContext.Default.FindingRecord, cancellationToken);
    }

    public async Task<FindingRecord?> GetFindingAsync(string id, CancellationToken cancellationToken)
    {
        await using var conn = await OpenAsync(cancellationToken);
        return await ReadFindingAsync(conn, null, id, cancellationToken);
    }

    public async Task<FindingRecord?> UpdateFindingStatusAsync(string id, FindingStatusChange change, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            await using var conn = await OpenAsync(cancellationToken);
            await using var tx = (SqliteTransaction)await conn.BeginTransactionAsync(cancellationToken);
            var existing = await ReadFindingAsync(conn, tx, id, cancellationToken);
            if (existing is null)
            {
                return null;
            }

            var updated = existing with
            {
                Status = change.Status,
                StatusBy = change.By,
                StatusReason = change.Reason,
                StatusAt = change.At,
                Revision = existing.Revision + 1,
            };
            await WriteFindingAsync(conn, tx, updated, cancellationToken);
            await EnqueueDeliveriesAsync(conn, tx, existing, updated, cancellationToken);
            await tx.CommitAsync(cancellationToken);
            return updated;
        }
        finally
        {
            _writer.Release();
        }
    }

    public async Task<FindingRecord> PutFindingAsync(FindingRecord finding, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            await using var conn = await OpenAsync(cancellationToken);
            await using var tx = (SqliteTransaction)await conn.BeginTransactionAsync(cancellationToken);
            var existing = await ReadFindingAsync(conn, tx, finding.Id, cancellationToken);
            var stored = finding with { Revision = (existing?.Revision ?? 0) + 1 };
            await WriteFindingAsync(conn, tx, stored, cancellationToken);
            await EnqueueDeliveriesAsync(conn, tx, existing, stored, cancellationToken);
            await tx.CommitAsync(cancellationToken);
            return stored;
        }
        finally
        {
            _writer.Release();
        }
    }

    private static async Task<FindingRecord?> ReadFindingAsync(SqliteConnection conn, SqliteTransaction? tx, string id, CancellationToken cancellationToken)
    {
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT json FROM findings WHERE id = $id;";
        cmd.Parameters.AddWithValue("$id", id);
        return await cmd.ExecuteScalarAsync(cancellationToken) is string json
            ? JsonSerializer.Deserialize(json, AdminJsonContext.Default.FindingRecord)
            : null;
    }

    private static async Task WriteFindingAsync(SqliteConnection conn, SqliteTransaction tx, FindingRecord f, CancellationToken cancellationToken)
    {
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = """
            INSERT INTO findings (id, sort_key, status, severity, type, json, last_seen_unix) VALUES ($id, $sk, $status, $sev, $type, $json, $seen)
            ON CONFLICT (id) DO UPDATE SET sort_key = excluded.sort_key, status = excluded.status,
                severity = excluded.severity, type = excluded.type, json = excluded.json, last_seen_unix = excluded.last_seen_unix;
            """;
        cmd.Parameters.AddWithValue("$id", f.Id);
        cmd.Parameters.AddWithValue("$sk", SortKey.Of(f.LastSeen, f.Id));
        cmd.Parameters.AddWithValue("$status", f.Status);
        cmd.Parameters.AddWithValue("$sev", f.Severity);
        cmd.Parameters.AddWithValue("$type", f.Type);
        cmd.Parameters.AddWithValue("$json", JsonSerializer.Serialize(f, AdminJsonContext.Default.FindingRecord));
        cmd.Parameters.AddWithValue("$seen", f.LastSeen.ToUnixTimeSeconds());
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
