namespace AiSpm.Admin.Api;

/// <summary>The optional body of approve, reject and rollback: why, for the audit trail.</summary>
internal sealed record GuardianDecisionRequest
{
    public string? Reason { get; init; }
}
