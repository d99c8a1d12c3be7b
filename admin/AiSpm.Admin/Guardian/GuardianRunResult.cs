namespace AiSpm.Admin.Guardian;

/// <summary>One pass: what it proposed (or would, in a dry run) and which of those ran alone in auto mode.</summary>
internal sealed record GuardianRunResult
{
    public required string Mode { get; init; }
    public bool DryRun { get; init; }
    public required IReadOnlyList<GuardianAction> Proposed { get; init; }
    public required IReadOnlyList<GuardianAction> Executed { get; init; }
}
