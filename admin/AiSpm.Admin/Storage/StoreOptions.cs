namespace AiSpm.Admin.Storage;

/// <summary>Storage settings (section "Storage").</summary>
internal sealed record StoreOptions
{
    /// <summary>sqlite | dynamodb.</summary>
    public string Provider { get; init; } = "sqlite";
    /// <summary>SQLite: the folder that holds aispm.db.</summary>
    public string DataDirectory { get; init; } = ".data";
    /// <summary>How long events are kept (SQLite purges; DynamoDB sets the TTL attribute).</summary>
    public TimeSpan EventRetention { get; init; } = TimeSpan.FromDays(30);
    /// <summary>How long a finding (and the evidence it copied) is kept after it was last seen.</summary>
    public TimeSpan FindingRetention { get; init; } = TimeSpan.FromDays(30);
    /// <summary>DynamoDB: table name prefix, e.g. "prod" gives prod-aispm-events.</summary>
    public string Environment { get; init; } = "local";
    /// <summary>DynamoDB: endpoint override (dynalite, DynamoDB Local); null uses the AWS region's endpoint.</summary>
    public string? DynamoServiceUrl { get; init; }
    public string? DynamoRegion { get; init; }
    /// <summary>DynamoDB: create absent tables at start (local mode); in production tables come from infrastructure code.</summary>
    public bool DynamoCreateTables { get; init; }
}
