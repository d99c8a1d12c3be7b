using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AiSpm.Admin.Correlation;
using AiSpm.Admin.Json;
using AiSpm.Contracts;
using Microsoft.Data.Sqlite;

namespace AiSpm.Admin.Storage.Sqlite;

/// <summary>
/// The embedded default: one SQLite file in WAL mode. Writes go through one writer at a time (SQLite allows one
/// anyway) and each ingest batch is one transaction, so a batch is stored whole or not at all.
/// </summary>
internal sealed partial class SqliteAdminStore(StoreOptions options, Correlator correlator, TimeProvider time) : IAdminStore
{
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(options.DataDirectory, "aispm.db"),
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    public string Name => "sqlite";

    public string DatabasePath => Path.Combine(options.DataDirectory, "aispm.db");

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        // SQLite gives the -wal and -shm files the mode of the database file, so an owner-only database keeps all three private.
        PrivateFiles.EnsureDirectory(options.DataDirectory);
        PrivateFiles.EnsureFile(DatabasePath);
        PrivateFiles.Tighten(DatabasePath + "-wal");
        PrivateFiles.Tighten(DatabasePath + "-shm");
        await using var conn = await OpenAsync(cancellationToken);
        await ExecAsync(conn, null, "PRAGMA journal_mode=WAL;", cancellationToken);
        await ExecAsync(conn, null, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);", cancellationToken);
        await using var tx = (SqliteTransaction)await conn.BeginTransactionAsync(cancellationToken);
        long current;
        await using (var cmd = conn.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations;";
            current = (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
        }

        for (var v = (int)current; v < SqliteMigrations.All.Length; v++)
        {
            await ExecAsync(conn, tx, SqliteMigrations.All[v], cancellationToken);
            await using var mark = conn.CreateCommand();
            mark.Transaction = tx;
            mark.CommandText = "INSERT INTO schema_migrations (version, applied_at) VALUES ($v, $at);";
            mark.Parameters.AddWithValue("$v", v + 1);
            mark.Parameters.AddWithValue("$at", SortKey.Time(time.GetUtcNow()));
            await mark.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
    }

    public async Task<IngestResult> IngestAsync(IReadOnlyList<DetectionEvent> events, CancellationToken cancellationToken)
    {
        var stored = new List<DetectionEvent>();
        await _writer.WaitAsync(cancellationToken);
        try
        {
            await using var conn = await OpenAsync(cancellationToken);
            await using var tx = (SqliteTransaction)await conn.BeginTransactionAsync(cancellationToken);
            var findings = new Dictionary<string, FindingRecord?>(StringComparer.Ordinal);
            var before = new Dictionary<string, FindingRecord?>(StringComparer.Ordinal);
            var retentionSeconds = (long)options.EventRetention.TotalSeconds;

            await using var insert = conn.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = """
                INSERT INTO events (event_id, sort_key, gateway_id, rule_id, category, severity, action, model, key_alias, team, finding_id, expires_at, json)
                VALUES ($id, $sk, $gw, $rule, $cat, $sev, $act, $model, $key, $team, $fid, $exp, $json)
                ON CONFLICT (event_id) DO NOTHING;
                """;
            var p = insert.Parameters;
            var pId = p.Add("$id", SqliteType.Text);
            var pSk = p.Add("$sk", SqliteType.Text);
            var pGw = p.Add("$gw", SqliteType.Text);
            var pRule = p.Add("$rule", SqliteType.Text);
            var pCat = p.Add("$cat", SqliteType.Text);
            var pSev = p.Add("$sev", SqliteType.Text);
            var pAct = p.Add("$act", SqliteType.Text);
            var pModel = p.Add("$model", SqliteType.Text);
            var pKey = p.Add("$key", SqliteType.Text);
            var pTeam = p.Add("$team", SqliteType.Text);
            var pFid = p.Add("$fid", SqliteType.Text);
            var pExp = p.Add("$exp", SqliteType.Integer);
            var pJson = p.Add("$json", SqliteType.Text);

            foreach (var e in events)
            {
                var findingId = correlator.FindingIdFor(e);
                pId.Value = e.EventId;
                pSk.Value = SortKey.Of(e.Timestamp, e.EventId);
                pGw.Value = e.GatewayId;
                pRule.Value = e.RuleId;
                pCat.Value = e.Category;
                pSev.Value = e.Severity;
                pAct.Value = e.Action;
                pModel.Value = (object?)e.Model ?? DBNull.Value;
                pKey.Value = (object?)e.KeyAlias ?? DBNull.Value;
                pTeam.Value = (object?)e.Team ?? DBNull.Value;
                pFid.Value = findingId;
                pExp.Value = e.Timestamp.ToUnixTimeSeconds() + retentionSeconds;
                pJson.Value = JsonSerializer.Serialize(e, AdminJsonContext.Default.DetectionEvent);
                if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
                {
                    continue;
                }

                stored.Add(e);
                if (!findings.TryGetValue(findingId, out var existing))
                {
                    existing = await ReadFindingAsync(conn, tx, findingId, cancellationToken);
                    before[findingId] = existing;
                }

                findings[findingId] = correlator.Apply(existing, e);
                foreach (var (kind, name) in InventoryKind.Of(e))
                {
                    await UpsertInventoryAsync(conn, tx, kind, name, e.Timestamp, cancellationToken);
                }
            }

            foreach (var f in findings.Values)
            {
                await WriteFindingAsync(conn, tx, f!, cancellationToken);
                await EnqueueDeliveriesAsync(conn, tx, before[f!.Id], f, cancellationToken);
            }

            await tx.CommitAsync(cancellationToken);
        }
        finally
        {
            _writer.Release();
        }

        return new IngestResult(events.Count, stored.Count, events.Count - stored.Count) { StoredEvents = stored };
    }

    public async Task<Page<DetectionEvent>> QueryEventsAsync(EventQuery query, CancellationToken cancellationToken)
    {
        if (!SortKey.TryParseCursor(query.Cursor, out var after))
        {
            throw new ArgumentException("invalid cursor", nameof(query));
        }

        await using var conn = await OpenAsync(cancellationToken);
        await using var cmd = conn.CreateCommand();
        var sql = new StringBuilder("SELECT json, sort_key FROM events WHERE 1=1");
        AddFilter(cmd, sql, "category", query.Category);
        AddFilter(cmd, sql, "severity", query.Severity);
        AddFilter(cmd, sql, "action", query.Action);
        AddFilter(cmd, sql, "model", query.Model);
        AddFilter(cmd, sql, "key_alias", query.Key);
        AddFilter(cmd, sql, "team", query.Team);
        AddFilter(cmd, sql, "rule_id", query.Rule);
        if (query.From is { } from)
        {
            sql.Append(" AND sort_key >= $from");
            cmd.Parameters.AddWithValue("$from", SortKey.Time(from));
        }

        if (query.To is { } to)
        {
            sql.Append(" AND sort_key < $to");
            cmd.Parameters.AddWithValue("$to", SortKey.Time(to));
        }

        if (after is not null)
        {
            sql.Append(" AND sort_key < $after");
            cmd.Parameters.AddWithValue("$after", after);
        }

        return await ReadPageAsync(cmd, sql, query.Limit, AdminJsonContext.Default.DetectionEvent, cancellationToken);
    }

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

    /// <summary>Runs a newest-first query for one page: reads one row past the limit to know whether a next page exists.</summary>
    private static async Task<Page<T>> ReadPageAsync<T>(SqliteCommand cmd, StringBuilder sql, int limit, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        sql.Append(" ORDER BY sort_key DESC LIMIT $limit;");
        cmd.Parameters.AddWithValue("$limit", limit + 1);
        cmd.CommandText = sql.ToString();
        var items = new List<T>(Math.Min(limit, 256));
        string? lastKey = null;
        var more = false;
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (items.Count == limit)
            {
                more = true;
                break;
            }

            items.Add(JsonSerializer.Deserialize(reader.GetString(0), type)!);
            lastKey = reader.GetString(1);
        }

        return new Page<T>(items, more && lastKey is not null ? SortKey.ToCursor(lastKey) : null);
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

    public async Task<IReadOnlyList<InventoryItem>> ListInventoryAsync(string? kind, CancellationToken cancellationToken)
    {
        await using var conn = await OpenAsync(cancellationToken);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = kind is null
            ? "SELECT kind, name, first_seen, last_seen, event_count FROM inventory ORDER BY kind, name;"
            : "SELECT kind, name, first_seen, last_seen, event_count FROM inventory WHERE kind = $kind ORDER BY kind, name;";
        if (kind is not null)
        {
            cmd.Parameters.AddWithValue("$kind", kind);
        }

        var items = new List<InventoryItem>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new InventoryItem
            {
                Kind = reader.GetString(0),
                Name = reader.GetString(1),
                FirstSeen = ParseTime(reader.GetString(2)),
                LastSeen = ParseTime(reader.GetString(3)),
                EventCount = reader.GetInt64(4),
            });
        }

        return items;
    }

    public async Task<GatewayPolicy?> GetPolicyAsync(CancellationToken cancellationToken)
    {
        await using var conn = await OpenAsync(cancellationToken);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT json FROM policies ORDER BY version DESC LIMIT 1;";
        return await cmd.ExecuteScalarAsync(cancellationToken) is string json
            ? JsonSerializer.Deserialize(json, AdminJsonContext.Default.GatewayPolicy)
            : null;
    }

    public async Task<GatewayPolicy> PutPolicyAsync(GatewayPolicy policy, long? expectedVersion, CancellationToken cancellationToken)
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
                cmd.CommandText = "SELECT COALESCE(MAX(version), 0) FROM policies;";
                current = (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
            }

            if (expectedVersion is { } expected && expected != current)
            {
                throw new PolicyConflictException("the policy changed since version " + expected.ToString(CultureInfo.InvariantCulture)) { CurrentVersion = current };
            }

            var next = policy with { Version = (current + 1).ToString(CultureInfo.InvariantCulture) };
            await using (var cmd = conn.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = "INSERT INTO policies (version, json, updated_at) VALUES ($v, $json, $at);";
                cmd.Parameters.AddWithValue("$v", current + 1);
                cmd.Parameters.AddWithValue("$json", JsonSerializer.Serialize(next, AdminJsonContext.Default.GatewayPolicy));
                cmd.Parameters.AddWithValue("$at", SortKey.Time(time.GetUtcNow()));
                await cmd.ExecuteNonQueryAsync(cancellationToken);
            }

            await tx.CommitAsync(cancellationToken);
            return next;
        }
        finally
        {
            _writer.Release();
        }
    }

    public async Task<PurgeCounts> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            await using var conn = await OpenAsync(cancellationToken);
            await using var tx = (SqliteTransaction)await conn.BeginTransactionAsync(cancellationToken);
            await using var events = conn.CreateCommand();
            events.Transaction = tx;
            events.CommandText = "DELETE FROM events WHERE expires_at < $now;";
            events.Parameters.AddWithValue("$now", now.ToUnixTimeSeconds());
            var eventCount = await events.ExecuteNonQueryAsync(cancellationToken);
            await using var findings = conn.CreateCommand();
            findings.Transaction = tx;
            findings.CommandText = "DELETE FROM findings WHERE last_seen_unix < $cutoff;";
            findings.Parameters.AddWithValue("$cutoff", (now - options.FindingRetention).ToUnixTimeSeconds());
            var findingCount = await findings.ExecuteNonQueryAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
            return new PurgeCounts(eventCount, findingCount);
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

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var conn = new SqliteConnection(_connectionString);
        await conn.OpenAsync(cancellationToken);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";
        await cmd.ExecuteNonQueryAsync(cancellationToken);
        return conn;
    }

    private static async Task ExecAsync(SqliteConnection conn, SqliteTransaction? tx, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddFilter(SqliteCommand cmd, StringBuilder sql, string column, string? value)
    {
        if (value is null)
        {
            return;
        }

        var name = "$" + column;
        sql.Append(" AND ").Append(column).Append(" = ").Append(name);
        cmd.Parameters.AddWithValue(name, value);
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

    private static async Task UpsertInventoryAsync(SqliteConnection conn, SqliteTransaction tx, string kind, string name, DateTimeOffset seen, CancellationToken cancellationToken)
    {
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = """
            INSERT INTO inventory (kind, name, first_seen, last_seen, event_count) VALUES ($kind, $name, $t, $t, 1)
            ON CONFLICT (kind, name) DO UPDATE SET first_seen = MIN(first_seen, excluded.first_seen),
                last_seen = MAX(last_seen, excluded.last_seen), event_count = event_count + 1;
            """;
        cmd.Parameters.AddWithValue("$kind", kind);
        cmd.Parameters.AddWithValue("$name", name);
        cmd.Parameters.AddWithValue("$t", SortKey.Time(seen));
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DateTimeOffset ParseTime(string s) =>
        DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
