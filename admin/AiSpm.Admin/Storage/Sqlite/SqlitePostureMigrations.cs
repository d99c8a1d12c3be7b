namespace AiSpm.Admin.Storage.Sqlite;

/// <summary>
/// The posture store's schema versions, tracked in their own table (posture_schema_migrations) so they migrate apart
/// from the admin and asset tracks; never edit a shipped entry, append a new one.
/// </summary>
internal static class SqlitePostureMigrations
{
    public static readonly string[] All =
    [
        """
        CREATE TABLE posture_controls (
            id      TEXT NOT NULL,
            version INTEGER NOT NULL,
            deleted INTEGER NOT NULL,
            json    TEXT NOT NULL,
            PRIMARY KEY (id, version)
        );
        CREATE TABLE posture_exceptions (
            id   TEXT PRIMARY KEY,
            json TEXT NOT NULL
        );
        CREATE TABLE posture_results (
            control_id  TEXT NOT NULL,
            resource_id TEXT NOT NULL,
            json        TEXT NOT NULL,
            PRIMARY KEY (control_id, resource_id)
        );
        """,
    ];
}
