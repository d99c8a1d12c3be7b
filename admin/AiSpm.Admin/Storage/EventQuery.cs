namespace AiSpm.Admin.Storage;

/// <summary>Filters for <see cref="IAdminStore.QueryEventsAsync"/>; null means any. Time bounds: From inclusive, To exclusive.</summary>
internal sealed record EventQuery
{
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public string? Category { get; init; }
    public string? Severity { get; init; }
    public string? Action { get; init; }
    public string? Model { get; init; }
    public string? Key { get; init; }
    public string? Team { get; init; }
    public string? Rule { get; init; }
    public int Limit { get; init; } = 100;
    public string? Cursor { get; init; }

    public const int MaxLimit = 1000;
}
