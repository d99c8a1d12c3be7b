namespace AiSpm.Admin.Storage.Outbox;

/// <summary>
/// One finding change on its way to one sink. Written in the same store write as the change itself, removed once the
/// sink accepted it, kept as a dead letter when it never did.
/// </summary>
internal sealed record OutboxDelivery
{
    /// <summary>
    /// "{findingId}.{revision}.{sink}": derived, not random, so a write repeated after a crash yields the same delivery
    /// and the receiver can drop the second copy by this id.
    /// </summary>
    public required string Id { get; init; }
    public required string Sink { get; init; }
    public required string FindingId { get; init; }
    /// <summary>The finding's revision this change produced; orders the deliveries of one finding.</summary>
    public long Revision { get; init; }
    /// <summary>One of <see cref="FindingChange"/>'s kinds.</summary>
    public required string Change { get; init; }
    /// <summary>The finding as it was right after the change, so a later change cannot rewrite what this one says.</summary>
    public required FindingRecord Finding { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public int Attempts { get; init; }
    public DateTimeOffset NextAttemptAt { get; init; }
    public string? LastError { get; init; }
    public bool Dead { get; init; }

    public static string IdOf(string findingId, long revision, string sink) =>
        findingId + "." + revision.ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + sink;

    public static OutboxDelivery For(string sink, string change, FindingRecord finding, DateTimeOffset now) => new()
    {
        Id = IdOf(finding.Id, finding.Revision, sink),
        Sink = sink,
        FindingId = finding.Id,
        Revision = finding.Revision,
        Change = change,
        Finding = finding,
        CreatedAt = now,
        NextAttemptAt = now,
    };
}
