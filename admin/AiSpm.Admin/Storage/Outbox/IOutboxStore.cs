namespace AiSpm.Admin.Storage.Outbox;

/// <summary>
/// The durable outbox both stores keep. Deliveries are added by the store's own finding writes (see
/// <see cref="IOutboxRouter"/>); this is the delivery worker's and the API's side of it. Both stores pass one contract
/// test suite.
/// </summary>
internal interface IOutboxStore
{
    /// <summary>
    /// Deliveries of <paramref name="sink"/> that are due at <paramref name="now"/>, oldest first, at most one per
    /// finding: the oldest live one. A later change of a finding waits until the earlier one is delivered or dead, so a
    /// receiver sees a finding's changes in order.
    /// </summary>
    Task<IReadOnlyList<OutboxDelivery>> ListDueAsync(string sink, DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>The sink accepted the delivery: removes it and records the time.</summary>
    Task CompleteAsync(OutboxDelivery delivery, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// An attempt failed: counts it and stores the error; the delivery is due again at <paramref name="retryAt"/>, or,
    /// when <paramref name="dead"/>, kept as a dead letter until retried through <see cref="RetryDeadLettersAsync"/>.
    /// </summary>
    Task FailAsync(OutboxDelivery delivery, string error, DateTimeOffset at, DateTimeOffset retryAt, bool dead, CancellationToken cancellationToken);

    /// <summary>Dead letters of a sink, oldest first.</summary>
    Task<IReadOnlyList<OutboxDelivery>> ListDeadLettersAsync(string sink, int max, CancellationToken cancellationToken);

    /// <summary>Makes every dead letter of a sink due again with a fresh attempt count; returns how many.</summary>
    Task<int> RetryDeadLettersAsync(string sink, DateTimeOffset now, CancellationToken cancellationToken);

    Task<OutboxStats> GetStatsAsync(string sink, CancellationToken cancellationToken);

    /// <summary>
    /// Finishes deliveries a crash left half-written (a store whose change and deliveries are not one atomic write
    /// keeps enough to finish them here). The worker calls it at start and then every minute.
    /// </summary>
    Task RecoverAsync(CancellationToken cancellationToken);
}
