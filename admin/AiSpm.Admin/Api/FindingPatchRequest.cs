namespace AiSpm.Admin.Api;

/// <summary>The body of <c>PATCH /spm/api/findings/{id}</c>; who made the change comes from the caller's identity.</summary>
internal sealed record FindingPatchRequest
{
    /// <summary>open | acknowledged | resolved | suppressed.</summary>
    public required string Status { get; init; }
    /// <summary>Why; kept with the finding for the audit trail.</summary>
    public required string Reason { get; init; }
}
