using System.Text.Json;
using AiSpm.Admin.Json;
using AiSpm.Admin.Storage.Outbox;
using Microsoft.Data.Sqlite;

namespace AiSpm.Admin.Storage.Sqlite;

/// <summary>
/// The outbox on SQLite: deliveries are rows inserted in the transaction that writes the finding change, so a change
/// and its deliveries are committed together or not at all.
/// </summary>
internal sealed partial class SqliteAdminStore : IOutboxStore
{
    private const string DeliveryColumns = "id, sink, finding_id, revision, change, created_ms, attempts, next_attempt_ms, last_error, dead, finding_json";

    /// <summary>Which sinks get which finding changes; none unless the host sets it.</summary>
    public IOutboxRouter Sinks { get; init; } = NoSinks.Instance;

    private async Task EnqueueDeliveriesAsync(SqliteConnection conn, SqliteTransaction tx, FindingRecord? before, FindingRecord after, CancellationToken cancellationToken)
    {
        if (FindingChange.Detect(before, after) is not { } change)
        {
            return;
        }

        var sinks = Sinks.SinksFor(change, after);
        if (sinks.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        var json = JsonSerializer.Serialize(after, AdminJsonContext.Default.FindingRecord);
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = """
            INSERT INTO outbox (id, sink, finding_id, revision, change, created_ms, next_attempt_ms, finding_json)
            VALUES ($id, $sink, $fid, $rev, $change, $now, $now, $json) ON CONFLICT (id) DO NOTHING;
            """;
        var pId = cmd.Parameters.Add("$id", SqliteType.Text);
        var pSink = cmd.Parameters.Add("$sink", SqliteType.Text);
        cmd.Parameters.AddWithValue("$fid", after.Id);
        cmd.Parameters.AddWithValue("$rev", after.Revision);
        cmd.Parameters.AddWithValue("$change", change);
        cmd.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        cmd.Parameters.AddWithValue("$json", json);
        foreach (var sink in sinks)
        {
            pId.Value = OutboxDelivery.IdOf(after.Id, after.Revision, sink);
            pSink.Value = sink;
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async Task<IReadOnlyList<OutboxDelivery>> ListDueAsync(string sink, DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        await using var conn = await OpenAsync(cancellationToken);
        await using var cmd = conn.CreateCommand();
        // The head check ignores next_attempt_ms on purpose: an earlier change that is backing off holds back the later ones.
        cmd.CommandText = "SELECT " + DeliveryColumns + """
             FROM outbox o WHERE o.sink = $sink AND o.dead = 0 AND o.next_attempt_ms <= $now
              AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.sink = o.sink AND p.finding_id = o.finding_id AND p.dead = 0 AND p.revision < o.revision)
            ORDER BY o.created_ms, o.id LIMIT $max;
            """;
        cmd.Parameters.AddWithValue("$sink", sink);
        cmd.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        cmd.Parameters.AddWithValue("$max", max);
        return await ReadDeliveriesAsync(cmd, cancellationToken);
    }

    public async Task<IReadOnlyList<OutboxDelivery>> ListDeadLettersAsync(string sink, int max, CancellationToken cancellationToken)
    {
        await using var conn = await OpenAsync(cancellationToken);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT " + DeliveryColumns + " FROM outbox WHERE sink = $sink AND dead = 1 ORDER BY created_ms, id LIMIT $max;";
        cmd.Parameters.AddWithValue("$sink", sink);
        cmd.Parameters.AddWithValue("$max", max);
        return await ReadDeliveriesAsync(cmd, cancellationToken);
    }

    public Task CompleteAsync(OutboxDelivery delivery, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteOutboxAsync(
            """
            DELETE FROM outbox WHERE id = $id;
            INSERT INTO sink_state (sink, last_delivery_ms) VALUES ($sink, $at)
                ON CONFLICT (sink) DO UPDATE SET last_delivery_ms = excluded.last_delivery_ms;
            """,
            cmd =>
            {
                cmd.Parameters.AddWithValue("$id", delivery.Id);
                cmd.Parameters.AddWithValue("$sink", delivery.Sink);
                cmd.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
            },
            cancellationToken);

    public Task FailAsync(OutboxDelivery delivery, string error, DateTimeOffset at, DateTimeOffset retryAt, bool dead, CancellationToken cancellationToken) =>
        WriteOutboxAsync(
            """
            UPDATE outbox SET attempts = attempts + 1, last_error = $error, next_attempt_ms = $retry, dead = $dead WHERE id = $id;
            INSERT INTO sink_state (sink, last_error, last_error_ms) VALUES ($sink, $error, $at)
                ON CONFLICT (sink) DO UPDATE SET last_error = excluded.last_error, last_error_ms = excluded.last_error_ms;
            """,
            cmd =>
            {
                cmd.Parameters.AddWithValue("$id", delivery.Id);
                cmd.Parameters.AddWithValue("$sink", delivery.Sink);
                cmd.Parameters.AddWithValue("$error", error);
                cmd.Parameters.AddWithValue("$retry", retryAt.ToUnixTimeMilliseconds());
                cmd.Parameters.AddWithValue("$dead", dead ? 1 : 0);
                cmd.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
            },
            cancellationToken);

    public async Task<int> RetryDeadLettersAsync(string sink, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var count = 0;
        await WriteOutboxAsync(
            "UPDATE outbox SET dead = 0, attempts = 0, next_attempt_ms = $now WHERE sink = $sink AND dead = 1;",
            cmd =>
            {
                cmd.Parameters.AddWithValue("$sink", sink);
                cmd.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            },
            cancellationToken,
            n => count = n);
        return count;
    }

    public async Task<OutboxStats> GetStatsAsync(string sink, CancellationToken cancellationToken)
    {
        await using var conn = await OpenAsync(cancellationToken);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = """
            SELECT (SELECT COUNT(*) FROM outbox WHERE sink = $sink AND dead = 0),
                   (SELECT COUNT(*) FROM outbox WHERE sink = $sink AND dead = 1),
                   s.last_delivery_ms, s.last_error, s.last_error_ms
            FROM (SELECT 1) LEFT JOIN sink_state s ON s.sink = $sink;
            """;
        cmd.Parameters.AddWithValue("$sink", sink);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new OutboxStats
        {
            Backlog = reader.GetInt64(0),
            DeadLetters = reader.GetInt64(1),
            LastDeliveryAt = reader.IsDBNull(2) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
            LastError = reader.IsDBNull(3) ? null : reader.GetString(3),
            LastErrorAt = reader.IsDBNull(4) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
        };
    }

    /// <summary>Nothing to finish: a change and its deliveries are one transaction here.</summary>
    public Task RecoverAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task WriteOutboxAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken, Action<int>? rows = null)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            await using var conn = await OpenAsync(cancellationToken);
            await using var tx = (SqliteTransaction)await conn.BeginTransactionAsync(cancellationToken);
            await using var cmd = conn.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = sql;
            bind(cmd);
            var n = await cmd.ExecuteNonQueryAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
            rows?.Invoke(n);
        }
        finally
        {
            _writer.Release();
        }
    }

    private static async Task<IReadOnlyList<OutboxDelivery>> ReadDeliveriesAsync(SqliteCommand cmd, CancellationToken cancellationToken)
    {
        var list = new List<OutboxDelivery>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new OutboxDelivery
            {
                Id = reader.GetString(0),
                Sink = reader.GetString(1),
                FindingId = reader.GetString(2),
                Revision = reader.GetInt64(3),
                Change = reader.GetString(4),
                CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                Attempts = reader.GetInt32(6),
                NextAttemptAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
                LastError = reader.IsDBNull(8) ? null : reader.GetString(8),
                Dead = reader.GetInt64(9) != 0,
                Finding = JsonSerializer.Deserialize(reader.GetString(10), AdminJsonContext.Default.FindingRecord)!,
            });
        }

        return list;
    }
}
