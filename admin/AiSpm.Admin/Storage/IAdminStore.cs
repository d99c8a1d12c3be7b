using AiSpm.Contracts;

namespace AiSpm.Admin.Storage;

/// <summary>
/// Everything the admin service persists. Two implementations (SQLite, DynamoDB) pass one contract test suite, so
/// behaviour described here holds for both.
/// </summary>
internal interface IAdminStore : IAsyncDisposable
{
    /// <summary>"sqlite" or "dynamodb".</summary>
    string Name { get; }

    /// <summary>Creates or migrates the schema. Idempotent; called once at start.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores the events whose <see cref="DetectionEvent.EventId"/> is not stored yet and folds each newly stored event
    /// into its finding and the inventory. An event already stored is counted as a duplicate and changes nothing.
    /// The events must already be validated. A finding copies only an event's (already redacted) evidence, never its
    /// other free text (request ids, trace headers, routes).
    /// </summary>
    Task<IngestResult> IngestAsync(IReadOnlyList<DetectionEvent> events, CancellationToken cancellationToken);

    /// <summary>Newest first; <see cref="EventQuery.Cursor"/> continues after the last item of the previous page.</summary>
    Task<Page<DetectionEvent>> QueryEventsAsync(EventQuery query, CancellationToken cancellationToken);

    /// <summary>Most recently seen first.</summary>
    Task<Page<FindingRecord>> QueryFindingsAsync(FindingQuery query, CancellationToken cancellationToken);

    Task<FindingRecord?> GetFindingAsync(string id, CancellationToken cancellationToken);

    /// <summary>Sets the status of a finding; null when there is no such finding.</summary>
    Task<FindingRecord?> UpdateFindingStatusAsync(string id, FindingStatusChange change, CancellationToken cancellationToken);

    /// <summary>
    /// Creates or replaces the finding <paramref name="finding"/> names by id (posture findings, which are not folded
    /// from events) with the next revision, and queues its sinks' deliveries in the same write. Returns what was stored.
    /// </summary>
    Task<FindingRecord> PutFindingAsync(FindingRecord finding, CancellationToken cancellationToken);

    /// <summary>Every inventory item, or those of one kind, ordered by kind then name.</summary>
    Task<IReadOnlyList<InventoryItem>> ListInventoryAsync(string? kind, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes events past <see cref="StoreOptions.EventRetention"/> and findings (with the evidence they copied) not
    /// seen for <see cref="StoreOptions.FindingRetention"/>. A store that expires items itself (DynamoDB TTL) may
    /// delete nothing here, but then never returns an expired item from a read.
    /// </summary>
    Task<PurgeCounts> PurgeExpiredAsync(CancellationToken cancellationToken);

    /// <summary>The current gateway policy, or null when none was ever stored.</summary>
    Task<GatewayPolicy?> GetPolicyAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="policy"/> as the next version (current + 1) and returns it with that version set.
    /// When <paramref name="expectedVersion"/> is given and is not the current version, throws
    /// <see cref="PolicyConflictException"/> and stores nothing.
    /// </summary>
    Task<GatewayPolicy> PutPolicyAsync(GatewayPolicy policy, long? expectedVersion, CancellationToken cancellationToken);
}
