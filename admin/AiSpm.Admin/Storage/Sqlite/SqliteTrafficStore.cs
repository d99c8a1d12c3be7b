using System.Text.Json;
using AiSpm.Admin.Storage.Traffic;
using AiSpm.Contracts;
using Microsoft.Data.Sqlite;

namespace AiSpm.Admin.Storage.Sqlite;

/// <summary>Traffic summaries in the admin's SQLite file, in a table of their own with its own migration track
/// (traffic_schema_migrations). A batch is one transaction of upserts.</summary>
internal sealed class SqliteTrafficStore(StoreOptions options, TimeProvider time) : ITrafficStore
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE traffic_summaries (
            gateway  TEXT NOT NULL,
            minute   INTEGER NOT NULL,
            route    TEXT NOT NULL,
            model    TEXT NOT NULL,
            key      TEXT NOT NULL,
            team     TEXT NOT NULL,
            json     TEXT NOT NULL,
            PRIMARY KEY (minute, gateway, route, model, key, team)
        );
        CREATE INDEX traffic_by_key ON traffic_summaries (key, minute);
        """,
    ];

    private readonly SqliteFile _db = new(options);

    public Task InitializeAsync(CancellationToken cancellationToken) =>
        _db.MigrateAsync("traffic_schema_migrations", Migrations, time.GetUtcNow(), cancellationToken);

    public async Task PutAsync(string gatewayId, IReadOnlyList<TrafficSummary> summaries, CancellationToken cancellationToken)
    {
        if (summaries.Count == 0)
        {
            return;
        }

        await using var conn = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await conn.BeginTransactionAsync(cancellationToken);
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = """
            INSERT INTO traffic_summaries (gateway, minute, route, model, key, team, json) VALUES ($g, $m, $r, $mo, $k, $t, $j)
            ON CONFLICT (minute, gateway, route, model, key, team) DO UPDATE SET json = excluded.json;
            """;
        var g = cmd.Parameters.Add("$g", SqliteType.Text);
        var m = cmd.Parameters.Add("$m", SqliteType.Integer);
        var r = cmd.Parameters.Add("$r", SqliteType.Text);
        var mo = cmd.Parameters.Add("$mo", SqliteType.Text);
        var k = cmd.Parameters.Add("$k", SqliteType.Text);
        var t = cmd.Parameters.Add("$t", SqliteType.Text);
        var j = cmd.Parameters.Add("$j", SqliteType.Text);
        foreach (var s in summaries)
        {
            g.Value = gatewayId;
            m.Value = s.Minute.ToUnixTimeMilliseconds();
            r.Value = s.Route;
            mo.Value = s.Model ?? "";
            k.Value = s.Key ?? "";
            t.Value = s.Team ?? "";
            j.Value = JsonSerializer.Serialize(s, TrafficJsonContext.Default.TrafficSummary);
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<StoredTraffic>> QueryAsync(TrafficQuery query, CancellationToken cancellationToken)
    {
        await using var conn = await OpenAsync(cancellationToken);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = """
            SELECT gateway, json FROM traffic_summaries
            WHERE minute >= $from AND minute < $to
              AND ($route IS NULL OR route = $route) AND ($model IS NULL OR model = $model)
              AND ($key IS NULL OR key = $key) AND ($team IS NULL OR team = $team)
            ORDER BY minute, gateway, route, model, key, team
            LIMIT $limit;
            """;
        cmd.Parameters.AddWithValue("$from", query.From.ToUnixTimeMilliseconds());
        cmd.Parameters.AddWithValue("$to", query.To.ToUnixTimeMilliseconds());
        cmd.Parameters.AddWithValue("$route", (object?)query.Route ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$model", (object?)query.Model ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$key", (object?)query.Key ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$team", (object?)query.Team ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$limit", query.Limit);
        var list = new List<StoredTraffic>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new StoredTraffic(reader.GetString(0), JsonSerializer.Deserialize(reader.GetString(1), TrafficJsonContext.Default.TrafficSummary)!));
        }

        return list;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => _db.OpenAsync(cancellationToken);
}
