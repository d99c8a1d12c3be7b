namespace AiSpm.Admin.Storage.Sqlite;

/// <summary>Schema versions, applied in order at start; never edit a shipped entry, append a new one.</summary>
internal static class SqliteMigrations
{
    public static readonly string[] All =
    [
        """
        CREATE TABLE events (
            event_id    TEXT PRIMARY KEY,
            sort_key    TEXT NOT NULL,
            gateway_id  TEXT NOT NULL,
            rule_id     TEXT NOT NULL,
            category    TEXT NOT NULL,
            severity    TEXT NOT NULL,
            action      TEXT NOT NULL,
            model       TEXT,
            key_alias   TEXT,
            team        TEXT,
            finding_id  TEXT NOT NULL,
            expires_at  INTEGER NOT NULL,
            json        TEXT NOT NULL
        );
        CREATE INDEX events_by_time  ON events (sort_key);
        CREATE INDEX events_by_key   ON events (key_alias, sort_key);
        CREATE INDEX events_by_team  ON events (team, sort_key);
        CREATE INDEX events_by_rule  ON events (rule_id, sort_key);
        CREATE INDEX events_by_model ON events (model, sort_key);
        CREATE INDEX events_by_category ON events (category, sort_key);
        CREATE INDEX events_by_expiry ON events (expires_at);
        CREATE TABLE findings (
            id        TEXT PRIMARY KEY,
            sort_key  TEXT NOT NULL,
            status    TEXT NOT NULL,
            severity  TEXT NOT NULL,
            type      TEXT NOT NULL,
            json      TEXT NOT NULL
        );
        CREATE INDEX findings_by_time ON findings (sort_key);
        CREATE INDEX findings_by_status ON findings (status, sort_key);
        CREATE TABLE inventory (
            kind        TEXT NOT NULL,
            name        TEXT NOT NULL,
            first_seen  TEXT NOT NULL,
            last_seen   TEXT NOT NULL,
            event_count INTEGER NOT NULL,
            PRIMARY KEY (kind, name)
        );
        CREATE TABLE policies (
            version    INTEGER PRIMARY KEY,
            json       TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        """,
        """
        ALTER TABLE findings ADD COLUMN last_seen_unix INTEGER NOT NULL DEFAULT 0;
        UPDATE findings SET last_seen_unix = CAST(strftime('%s', substr(sort_key, 1, 19)) AS INTEGER);
        CREATE INDEX findings_by_last_seen ON findings (last_seen_unix);
        """,
        """
        CREATE TABLE outbox (
            id            TEXT PRIMARY KEY,
            sink          TEXT NOT NULL,
            finding_id    TEXT NOT NULL,
            revision      INTEGER NOT NULL,
            change        TEXT NOT NULL,
            created_ms    INTEGER NOT NULL,
            attempts      INTEGER NOT NULL DEFAULT 0,
            next_attempt_ms INTEGER NOT NULL,
            last_error    TEXT,
            dead          INTEGER NOT NULL DEFAULT 0,
            finding_json  TEXT NOT NULL
        );
        CREATE INDEX outbox_by_sink ON outbox (sink, dead, created_ms);
        CREATE INDEX outbox_by_finding ON outbox (sink, finding_id, revision);
        CREATE TABLE sink_state (
            sink             TEXT PRIMARY KEY,
            last_delivery_ms INTEGER,
            last_error       TEXT,
            last_error_ms    INTEGER
        );
        """,
    ];
}
