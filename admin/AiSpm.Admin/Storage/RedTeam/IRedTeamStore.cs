namespace AiSpm.Admin.Storage.RedTeam;

/// <summary>
/// Red-team runs. Two implementations (SQLite, DynamoDB) pass one contract test suite. A run is written once, whole;
/// lists carry the figures without each row's result.
/// </summary>
internal interface IRedTeamStore : IAsyncDisposable
{
    Task InitializeAsync(CancellationToken cancellationToken);

    Task PutAsync(RedTeamRun run, CancellationToken cancellationToken);

    /// <summary>The run with its row results, or null.</summary>
    Task<RedTeamRun?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>The newest runs first, at most <paramref name="limit"/>, without row results.</summary>
    Task<IReadOnlyList<RedTeamRun>> ListAsync(int limit, CancellationToken cancellationToken);
}
