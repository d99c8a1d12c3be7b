namespace AiSpm.Admin.Storage.Sqlite;

/// <summary>
/// The asset store's schema versions, applied in order at start; never edit a shipped entry, append a new one. They
/// are tracked in their own table (asset_schema_migrations) so the asset tables and the admin store's tables
/// migrate independently.
/// </summary>
internal static class SqliteAssetMigrations
{
    public static readonly string[] All =
    [
        """
        CREATE TABLE assets (
            id        TEXT PRIMARY KEY,
            kind      TEXT NOT NULL,
            provider  TEXT NOT NULL,
            account   TEXT,
            region    TEXT,
            owner     TEXT,
            search    TEXT NOT NULL,
            json      TEXT NOT NULL
        );
        CREATE INDEX assets_by_kind ON assets (kind, id);
        CREATE TABLE asset_edges (
            from_id TEXT NOT NULL,
            type    TEXT NOT NULL,
            to_id   TEXT NOT NULL,
            PRIMARY KEY (from_id, type, to_id)
        );
        CREATE INDEX asset_edges_by_to ON asset_edges (to_id);
        CREATE TABLE asset_changes (
            asset_id TEXT NOT NULL,
            sort_key TEXT NOT NULL,
            json     TEXT NOT NULL,
            PRIMARY KEY (asset_id, sort_key)
        );
        CREATE TABLE discovery_runs (
            id       TEXT PRIMARY KEY,
            sort_key TEXT NOT NULL,
            json     TEXT NOT NULL
        );
        CREATE INDEX discovery_runs_by_time ON discovery_runs (sort_key);
        CREATE TABLE discovery_connectors (
            name TEXT PRIMARY KEY,
            json TEXT NOT NULL
        );
        CREATE TABLE leases (
            name       TEXT PRIMARY KEY,
            owner      TEXT NOT NULL,
            expires_at INTEGER NOT NULL
        );
        """,
    ];
}
