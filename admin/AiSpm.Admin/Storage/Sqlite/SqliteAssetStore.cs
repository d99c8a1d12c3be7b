using System.Text;
using System.Text.Json;
using AiSpm.Admin.Storage.Assets;
using AiSpm.Scanner.Model;
using Microsoft.Data.Sqlite;

namespace AiSpm.Admin.Storage.Sqlite;

/// <summary>
/// The asset graph in the same SQLite file as the rest of the admin's data. A rescan's difference is written in one
/// transaction, so a crash leaves the previous scan's graph whole; the lease is one conditional upsert.
/// </summary>
internal sealed class SqliteAssetStore(StoreOptions options, TimeProvider time) : IAssetStore
{
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly SqliteFile _db = new(options);

    public Task InitializeAsync(CancellationToken cancellationToken) =>
        _db.MigrateAsync("asset_schema_migrations", SqliteAssetMigrations.All, time.GetUtcNow(), cancellationToken);

    public async Task<AssetSnapshot> LoadSnapshotAsync(CancellationToken cancellationToken)
    {
        await using var conn = await OpenAsync(cancellationToken);
        var assets = new List<Asset>();
        await using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = "SELECT json FROM assets ORDER BY id;";
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                assets.Add(JsonSerializer.Deserialize(reader.GetString(0), AssetJsonContext.Default.Asset)!);
            }
        }

        var edges = new List<Edge>();
        await using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = "SELECT from_id, to_id, type FROM asset_edges ORDER BY from_id, type, to_id;";
            await ReadEdgesAsync(cmd, edges, cancellationToken);
        }

        return new AssetSnapshot(assets, edges);
    }

    public async Task ApplyAsync(ChangeSet changes, CancellationToken cancellationToken)
    {
        if (changes.IsEmpty && changes.Changes.Count == 0)
        {
            return;
        }

        await _writer.WaitAsync(cancellationToken);
        try
        {
            await using var conn = await OpenAsync(cancellationToken);
            await using var tx = (SqliteTransaction)await conn.BeginTransactionAsync(cancellationToken);
            foreach (var a in changes.Upserts)
            {
                await using var cmd = Command(conn, tx, """
                    INSERT INTO assets (id, kind, provider, account, region, owner, search, json) VALUES ($id, $kind, $provider, $account, $region, $owner, $search, $json)
                    ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, provider = excluded.provider, account = excluded.account,
                        region = excluded.region, owner = excluded.owner, search = excluded.search, json = excluded.json;
                    """);
                cmd.Parameters.AddWithValue("$id", a.Id);
                cmd.Parameters.AddWithValue("$kind", a.Kind);
                cmd.Parameters.AddWithValue("$provider", a.Provider);
                cmd.Parameters.AddWithValue("$account", (object?)a.Account ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$region", (object?)a.Region ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$owner", (object?)a.Owner ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$search", AssetSearch.TextOf(a));
                cmd.Parameters.AddWithValue("$json", JsonSerializer.Serialize(a, AssetJsonContext.Default.Asset));
                await cmd.ExecuteNonQueryAsync(cancellationToken);
            }

            foreach (var id in changes.Removed)
            {
                await using var cmd = Command(conn, tx, "DELETE FROM assets WHERE id = $id;");
                cmd.Parameters.AddWithValue("$id", id);
                await cmd.ExecuteNonQueryAsync(cancellationToken);
            }

            foreach (var e in changes.EdgesRemoved)
            {
                await using var cmd = Command(conn, tx, "DELETE FROM asset_edges WHERE from_id = $from AND type = $type AND to_id = $to;");
                AddEdge(cmd, e);
                await cmd.ExecuteNonQueryAsync(cancellationToken);
            }

            foreach (var e in changes.EdgesAdded)
            {
                await using var cmd = Command(conn, tx, "INSERT INTO asset_edges (from_id, type, to_id) VALUES ($from, $type, $to) ON CONFLICT DO NOTHING;");
                AddEdge(cmd, e);
                await cmd.ExecuteNonQueryAsync(cancellationToken);
            }

            foreach (var c in changes.Changes)
            {
                await using var cmd = Command(conn, tx, "INSERT OR REPLACE INTO asset_changes (asset_id, sort_key, json) VALUES ($id, $sk, $json);");
                cmd.Parameters.AddWithValue("$id", c.AssetId);
                cmd.Parameters.AddWithValue("$sk", SortKey.Of(c.At, c.ScanId));
                cmd.Parameters.AddWithValue("$json", JsonSerializer.Serialize(c, AssetJsonContext.Default.ChangeRecord));
                await cmd.ExecuteNonQueryAsync(cancellationToken);
            }

            await tx.CommitAsync(cancellationToken);
        }
        finally
        {
            _writer.Release();
        }
    }

    public async Task<Page<Asset>> QueryAssetsAsync(AssetQuery query, CancellationToken cancellationToken)
    {
        if (!AssetCursor.TryParse(query.Cursor, out var after))
        {
            throw new ArgumentException("invalid cursor", nameof(query));
        }

        await using var conn = await OpenAsync(cancellationToken);
        await using var cmd = conn.CreateCommand();
        var sql = new StringBuilder("SELECT json, id FROM assets WHERE 1=1");
        Filter(cmd, sql, "kind", query.Kind);
        Filter(cmd, sql, "provider", query.Provider);
        Filter(cmd, sql, "account", query.Account);
        Filter(cmd, sql, "region", query.Region);
        Filter(cmd, sql, "owner", query.Team);
        if (query.Text is not null)
        {
            // instr, not LIKE: the text is matched literally, with no wildcard to escape.
            sql.Append(" AND instr(search, $q) > 0");
            cmd.Parameters.AddWithValue("$q", AssetSearch.Normalize(query.Text));
        }

        if (after is not null)
        {
            sql.Append(" AND id > $after");
            cmd.Parameters.AddWithValue("$after", after);
        }

        sql.Append(" ORDER BY id LIMIT $limit;");
        cmd.Parameters.AddWithValue("$limit", query.Limit + 1);
        cmd.CommandText = sql.ToString();
        var items = new List<Asset>(Math.Min(query.Limit, 256));
        var more = false;
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (items.Count == query.Limit)
            {
                more = true;
                break;
            }

            items.Add(JsonSerializer.Deserialize(reader.GetString(0), AssetJsonContext.Default.Asset)!);
        }

        return new Page<Asset>(items, more ? AssetCursor.Of(items[^1].Id) : null);
    }

    public async Task<Asset?> GetAssetAsync(string id, CancellationToken cancellationToken)
    {
        await using var conn = await OpenAsync(cancellationToken);
        await using var cmd = Command(conn, null, "SELECT json FROM assets WHERE id = $id;");
        cmd.Parameters.AddWithValue("$id", id);
        return await cmd.ExecuteScalarAsync(cancellationToken) is string json
            ? JsonSerializer.Deserialize(json, AssetJsonContext.Default.Asset)
            : null;
    }

    public async Task<IReadOnlyList<Edge>> EdgesOfAsync(string id, CancellationToken cancellationToken)
    {
        await using var conn = await OpenAsync(cancellationToken);
        await using var cmd = Command(conn, null, """
            SELECT from_id, to_id, type FROM asset_edges WHERE from_id = $id
            UNION SELECT from_id, to_id, type FROM asset_edges WHERE to_id = $id
            ORDER BY 1, 3, 2;
            """);
        cmd.Parameters.AddWithValue("$id", id);
        var edges = new List<Edge>();
        await ReadEdgesAsync(cmd, edges, cancellationToken);
        return edges;
    }

    public async Task<IReadOnlyList<ChangeRecord>> ChangesOfAsync(string id, int limit, CancellationToken cancellationToken)
    {
        await using var conn = await OpenAsync(cancellationToken);
        await using var cmd = Command(conn, null, "SELECT json FROM asset_changes WHERE asset_id = $id ORDER BY sort_key DESC LIMIT $limit;");
        cmd.Parameters.AddWithValue("$id", id);
        cmd.Parameters.AddWithValue("$limit", limit);
        var list = new List<ChangeRecord>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(JsonSerializer.Deserialize(reader.GetString(0), AssetJsonContext.Default.ChangeRecord)!);
        }

        return list;
    }

    public async Task PutRunAsync(DiscoveryRun run, CancellationToken cancellationToken)
    {
        await using var conn = await OpenAsync(cancellationToken);
        await using var cmd = Command(conn, null, """
            INSERT INTO discovery_runs (id, sort_key, json) VALUES ($id, $sk, $json)
            ON CONFLICT (id) DO UPDATE SET sort_key = excluded.sort_key, json = excluded.json;
            """);
        cmd.Parameters.AddWithValue("$id", run.Id);
        cmd.Parameters.AddWithValue("$sk", SortKey.Of(run.Started, run.Id));
        cmd.Parameters.AddWithValue("$json", JsonSerializer.Serialize(run, AssetJsonContext.Default.DiscoveryRun));
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<DiscoveryRun>> ListRunsAsync(int limit, CancellationToken cancellationToken)
    {
        await using var conn = await OpenAsync(cancellationToken);
        await using var cmd = Command(conn, null, "SELECT json FROM discovery_runs ORDER BY sort_key DESC LIMIT $limit;");
        cmd.Parameters.AddWithValue("$limit", limit);
        var list = new List<DiscoveryRun>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(JsonSerializer.Deserialize(reader.GetString(0), AssetJsonContext.Default.DiscoveryRun)!);
        }

        return list;
    }

    public async Task PutConnectorStateAsync(ConnectorState state, CancellationToken cancellationToken)
    {
        await using var conn = await OpenAsync(cancellationToken);
        await using var cmd = Command(conn, null, "INSERT INTO discovery_connectors (name, json) VALUES ($name, $json) ON CONFLICT (name) DO UPDATE SET json = excluded.json;");
        cmd.Parameters.AddWithValue("$name", state.Name);
        cmd.Parameters.AddWithValue("$json", JsonSerializer.Serialize(state, AssetJsonContext.Default.ConnectorState));
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ConnectorState>> ListConnectorStatesAsync(CancellationToken cancellationToken)
    {
        await using var conn = await OpenAsync(cancellationToken);
        await using var cmd = Command(conn, null, "SELECT json FROM discovery_connectors ORDER BY name;");
        var list = new List<ConnectorState>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(JsonSerializer.Deserialize(reader.GetString(0), AssetJsonContext.Default.ConnectorState)!);
        }

        return list;
    }

    public async Task<bool> TryAcquireLeaseAsync(string name, string owner, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        // One statement in its own transaction: the upsert's WHERE is the condition, so two replicas racing on the
        // same file cannot both see the lease free.
        await using var conn = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await conn.BeginTransactionAsync(cancellationToken);
        await using var cmd = Command(conn, tx, """
            INSERT INTO leases (name, owner, expires_at) VALUES ($name, $owner, $exp)
            ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
                WHERE leases.owner = excluded.owner OR leases.expires_at <= $now;
            """);
        cmd.Parameters.AddWithValue("$name", name);
        cmd.Parameters.AddWithValue("$owner", owner);
        cmd.Parameters.AddWithValue("$exp", expiresAt.ToUnixTimeMilliseconds());
        cmd.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        var taken = await cmd.ExecuteNonQueryAsync(cancellationToken) == 1;
        await tx.CommitAsync(cancellationToken);
        return taken;
    }

    public async Task ReleaseLeaseAsync(string name, string owner, CancellationToken cancellationToken)
    {
        await using var conn = await OpenAsync(cancellationToken);
        await using var cmd = Command(conn, null, "DELETE FROM leases WHERE name = $name AND owner = $owner;");
        cmd.Parameters.AddWithValue("$name", name);
        cmd.Parameters.AddWithValue("$owner", owner);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        _writer.Dispose();
        return ValueTask.CompletedTask;
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => _db.OpenAsync(cancellationToken);

    private static SqliteCommand Command(SqliteConnection conn, SqliteTransaction? tx, string sql)
    {
        var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd;
    }

    private static void Filter(SqliteCommand cmd, StringBuilder sql, string column, string? value)
    {
        if (value is null)
        {
            return;
        }

        var name = "$" + column;
        sql.Append(" AND ").Append(column).Append(" = ").Append(name);
        cmd.Parameters.AddWithValue(name, value);
    }

    private static void AddEdge(SqliteCommand cmd, Edge e)
    {
        cmd.Parameters.AddWithValue("$from", e.From);
        cmd.Parameters.AddWithValue("$type", e.Type);
        cmd.Parameters.AddWithValue("$to", e.To);
    }

    private static async Task ReadEdgesAsync(SqliteCommand cmd, List<Edge> edges, CancellationToken cancellationToken)
    {
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            edges.Add(new Edge(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }
    }
}
