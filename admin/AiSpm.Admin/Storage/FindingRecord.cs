namespace AiSpm.Admin.Storage;

/// <summary>A finding: many events rolled up by <see cref="Correlation.Correlator"/> into one thing to act on.</summary>
internal sealed record FindingRecord
{
    public required string Id { get; init; }
    /// <summary>e.g. jailbreak_activity, sensitive_data_exposure.</summary>
    public required string Type { get; init; }
    public required string Title { get; init; }
    public required string Category { get; init; }
    public required string Severity { get; init; }
    /// <summary>open | acknowledged | resolved | suppressed.</summary>
    public required string Status { get; init; }
    /// <summary>Who the activity is attributed to, e.g. "key:alice" or "gateway:gw-1".</summary>
    public required string Principal { get; init; }
    public string? KeyAlias { get; init; }
    public string? Team { get; init; }
    public long Count { get; init; }
    public DateTimeOffset FirstSeen { get; init; }
    public DateTimeOffset LastSeen { get; init; }
    public string[] RuleIds { get; init; } = [];
    public string[] Models { get; init; } = [];
    public string[] Tags { get; init; } = [];
    /// <summary>The most recent redacted evidence snippets, newest first, at most a few.</summary>
    public string[] Evidence { get; init; } = [];
    public string[] SampleEventIds { get; init; } = [];
    public required string Remediation { get; init; }
    public string? StatusReason { get; init; }
    public string? StatusBy { get; init; }
    public DateTimeOffset? StatusAt { get; init; }
    /// <summary>Bumped on every write; stores use it for optimistic concurrency.</summary>
    public long Revision { get; init; }
}
