namespace AiSpm.Admin.Storage;

/// <summary>Filters for <see cref="IAdminStore.QueryFindingsAsync"/>; null means any.</summary>
internal sealed record FindingQuery
{
    public string? Status { get; init; }
    public string? Severity { get; init; }
    public string? Type { get; init; }
    public int Limit { get; init; } = 100;
    public string? Cursor { get; init; }
}
