using AiSpm.Scanner.Model;

namespace AiSpm.Admin.Storage.Assets;

/// <summary>
/// The discovered asset graph, its change history, discovery runs, connector health and the scan lease. Two
/// implementations (SQLite, DynamoDB) pass one contract test suite, so behaviour described here holds for both.
/// Kept apart from <see cref="IAdminStore"/> so discovery and detection storage evolve independently.
/// </summary>
internal interface IAssetStore : IAsyncDisposable
{
    /// <summary>Creates or migrates the schema. Idempotent; called once at start.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Every stored asset and edge: what a rescan is compared with.</summary>
    Task<AssetSnapshot> LoadSnapshotAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Writes one rescan's difference: upserts and removals of assets, added and removed edges, and the change
    /// records. An empty change set writes nothing.
    /// </summary>
    Task ApplyAsync(ChangeSet changes, CancellationToken cancellationToken);

    /// <summary>Assets ordered by id; <see cref="AssetQuery.Cursor"/> continues after the previous page.</summary>
    Task<Page<Asset>> QueryAssetsAsync(AssetQuery query, CancellationToken cancellationToken);

    Task<Asset?> GetAssetAsync(string id, CancellationToken cancellationToken);

    /// <summary>The edges from and to one asset.</summary>
    Task<IReadOnlyList<Edge>> EdgesOfAsync(string id, CancellationToken cancellationToken);

    /// <summary>One asset's change records, newest first.</summary>
    Task<IReadOnlyList<ChangeRecord>> ChangesOfAsync(string id, int limit, CancellationToken cancellationToken);

    /// <summary>Creates or replaces a run record (a run is written when it starts and again when it ends).</summary>
    Task PutRunAsync(DiscoveryRun run, CancellationToken cancellationToken);

    /// <summary>Runs, newest first.</summary>
    Task<IReadOnlyList<DiscoveryRun>> ListRunsAsync(int limit, CancellationToken cancellationToken);

    Task PutConnectorStateAsync(ConnectorState state, CancellationToken cancellationToken);

    /// <summary>Every connector's last known health, by name.</summary>
    Task<IReadOnlyList<ConnectorState>> ListConnectorStatesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Takes the lease <paramref name="name"/> for <paramref name="owner"/> until <paramref name="expiresAt"/> with one
    /// conditional write: true when it was free, expired at <paramref name="now"/>, or already held by the owner
    /// (which renews it). False when another owner holds it.
    /// </summary>
    Task<bool> TryAcquireLeaseAsync(string name, string owner, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Gives the lease up if <paramref name="owner"/> still holds it.</summary>
    Task ReleaseLeaseAsync(string name, string owner, CancellationToken cancellationToken);
}
