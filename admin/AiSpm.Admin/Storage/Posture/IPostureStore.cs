namespace AiSpm.Admin.Storage.Posture;

/// <summary>
/// Posture state: custom controls (every version kept), exceptions, and each (control, resource)'s latest result. Two
/// implementations (SQLite, DynamoDB) pass one contract test suite, so behaviour described here holds for both.
/// </summary>
internal interface IPostureStore : IAsyncDisposable
{
    /// <summary>Creates or migrates the schema. Idempotent; called once at start.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>The latest version of every custom control that is not deleted, by id.</summary>
    Task<IReadOnlyList<StoredControl>> ListControlsAsync(CancellationToken cancellationToken);

    /// <summary>Every version of one control, newest first (deletions included).</summary>
    Task<IReadOnlyList<StoredControl>> ControlHistoryAsync(string id, CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="control"/> as the next version of its id (its <see cref="StoredControl.Version"/>
    /// is ignored) and returns it with that version set. Two writers racing for one version: one wins, the other retries.</summary>
    Task<StoredControl> PutControlAsync(StoredControl control, CancellationToken cancellationToken);

    Task PutExceptionAsync(PostureException exception, CancellationToken cancellationToken);

    /// <summary>Removes an exception; returns what was removed, or null when there was none.</summary>
    Task<PostureException?> DeleteExceptionAsync(string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<PostureException>> ListExceptionsAsync(CancellationToken cancellationToken);

    /// <summary>Every stored result, or one control's, ordered by control then resource.</summary>
    Task<IReadOnlyList<StoredResult>> ListResultsAsync(string? controlId, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces one control's results: with <paramref name="scope"/> null all of them, else those of the resources in
    /// <paramref name="scope"/> (a resource in scope without a new result loses its stored one). Results outside the
    /// scope stay as they are.
    /// </summary>
    Task ReplaceResultsAsync(string controlId, IReadOnlyList<StoredResult> results, IReadOnlyCollection<string>? scope, CancellationToken cancellationToken);
}
