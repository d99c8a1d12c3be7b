namespace AiSpm.Admin.Guardian;

/// <summary>One step in an action's life: who did it, when, why, for which finding, and the state around it.</summary>
internal sealed record GuardianAudit
{
    public required string Id { get; init; }
    public required string ActionId { get; init; }
    /// <summary>proposed | approved | rejected | executed | failed | rolled_back | rollback_failed.</summary>
    public required string Step { get; init; }
    /// <summary>The analyst's name, or "guardian" for what the pass itself did.</summary>
    public required string Who { get; init; }
    public DateTimeOffset At { get; init; }
    public required string Why { get; init; }
    public required string FindingId { get; init; }
    public string? Before { get; init; }
    public string? After { get; init; }
}
