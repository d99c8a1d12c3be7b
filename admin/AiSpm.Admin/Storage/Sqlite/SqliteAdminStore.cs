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
    private readonly SqliteFile _db = new(options);

    public string Name => "sqlite";

    public string DatabasePath => _db.Path;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        // SQLite gives the -wal and -shm files the mode of the database file, so an owner-only database keeps all three private.
        PrivateFiles.EnsureDirectory(options.DataDirectory);
        PrivateFiles.EnsureFile(DatabasePath);
        PrivateFiles.Tighten(DatabasePath + "-wal");
        PrivateFiles.Tighten(DatabasePath + "-shm");
        await using var conn = await OpenAsync(cancellationToken);
        await SqliteSchema.MigrateAsync(conn, "schema_migrations", SqliteMigrations.All, time.GetUtcNow(), cancellationToken);
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
        var conn = new SqliteConnection(_db.ConnectionString);
        await conn.OpenAsync(cancellationToken);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";
        await cmd.ExecuteNonQueryAsync(cancellationToken);
        return conn;
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

    private static DateTimeOffset ParseTime(string s) =>
        DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
