using AiSpm.Contracts;

namespace AiSpm.Admin.Storage.Outbox;

/// <summary>What a finding write changed, as far as a sink cares: a new finding, a new status, a higher severity.</summary>
internal static class FindingChange
{
    public const string Created = "created";
    public const string StatusChanged = "status_changed";
    public const string SeverityRaised = "severity_raised";

    /// <summary>
    /// The kind of change from <paramref name="before"/> to <paramref name="after"/>, or null when only counts, times
    /// or samples moved: every event would otherwise be a delivery, and a sink wants decisions, not a feed.
    /// </summary>
    public static string? Detect(FindingRecord? before, FindingRecord after) =>
        before is null ? Created
        : before.Status != after.Status ? StatusChanged
        : EventSeverity.Rank(after.Severity) > EventSeverity.Rank(before.Severity) ? SeverityRaised
        : null;
}
