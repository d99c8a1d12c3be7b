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
}
