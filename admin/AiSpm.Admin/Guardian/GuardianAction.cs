namespace AiSpm.Admin.Guardian;

/// <summary>
/// One proposed response to a finding. Its <see cref="State"/> moves only through conditional writes on
/// <see cref="Revision"/>, so two admin replicas that race on one action see one winner and one refusal.
/// </summary>
internal sealed record GuardianAction
{
    /// <summary>Derived from kind, target and finding, so a second pass over the same finding proposes nothing new.</summary>
    public required string Id { get; init; }
    /// <summary>One of <see cref="GuardianActionKind"/>.</summary>
    public required string Kind { get; init; }
    /// <summary>alert | block | contain: how far the response goes.</summary>
    public required string Level { get; init; }
    /// <summary>What is acted on, e.g. "key:alice", "team:sales", or a guardrail ARN.</summary>
    public required string Target { get; init; }
    public required string FindingId { get; init; }
    public required string FindingType { get; init; }
    public required string Severity { get; init; }
    public required string Reason { get; init; }
    /// <summary>True when undoing it is cheap and safe; only these run alone in auto mode.</summary>
    public bool Reversible { get; init; }
    /// <summary>One of <see cref="GuardianActionState"/>.</summary>
    public required string State { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public string? UpdatedBy { get; init; }
    /// <summary>What the action changed, as the actuator recorded it (policy, key or guardrail state, JSON).</summary>
    public string? Before { get; init; }
    public string? After { get; init; }
    public string? Error { get; init; }
    public long Revision { get; init; }
}
