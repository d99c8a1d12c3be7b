using AiSpm.Contracts;

namespace AiSpm.Admin.Storage.Traffic;

/// <summary>
/// The gateways' per-minute traffic summaries. Two implementations (SQLite, DynamoDB) pass one contract test suite.
/// A summary is keyed by gateway, minute, route, model, key and team: storing it again replaces it, so a gateway that
/// resends after a lost answer stores each minute once.
/// </summary>
internal interface ITrafficStore : IAsyncDisposable
{
    Task InitializeAsync(CancellationToken cancellationToken);

    Task PutAsync(string gatewayId, IReadOnlyList<TrafficSummary> summaries, CancellationToken cancellationToken);

    /// <summary>Summaries in <see cref="TrafficQuery.From"/> (inclusive) to <see cref="TrafficQuery.To"/> (exclusive)
    /// matching its filters, oldest first, at most <see cref="TrafficQuery.Limit"/>.</summary>
    Task<IReadOnlyList<StoredTraffic>> QueryAsync(TrafficQuery query, CancellationToken cancellationToken);
}
