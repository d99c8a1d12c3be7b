namespace AiSpm.Admin.Guardian;

/// <summary>
/// The Guardian's actions and audit trail. Two implementations (SQLite, DynamoDB) pass one contract test suite.
/// </summary>
internal interface IGuardianStore
{
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Stores a new action at revision 1 and returns it as stored; null (and nothing stored) when one with its id exists.</summary>
    Task<GuardianAction?> TryAddAsync(GuardianAction action, CancellationToken cancellationToken);

    Task<GuardianAction?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Newest first; <paramref name="state"/> null means any.</summary>
    Task<IReadOnlyList<GuardianAction>> ListAsync(string? state, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the action when it is still in <paramref name="expectedState"/> at <paramref name="expectedRevision"/>,
    /// storing <paramref name="next"/> with the revision bumped; null (and nothing stored) when someone moved it first.
    /// </summary>
    Task<GuardianAction?> TryTransitionAsync(GuardianAction next, string expectedState, long expectedRevision, CancellationToken cancellationToken);

    Task AppendAuditAsync(GuardianAudit record, CancellationToken cancellationToken);

    /// <summary>Oldest first, so a trail reads in order; <paramref name="actionId"/> null means every action.</summary>
    Task<IReadOnlyList<GuardianAudit>> ListAuditAsync(string? actionId, int limit, CancellationToken cancellationToken);
}
