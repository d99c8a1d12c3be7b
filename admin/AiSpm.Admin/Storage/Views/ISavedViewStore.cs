namespace AiSpm.Admin.Storage.Views;

/// <summary>
/// Saved views, per user and view, keyed by name: saving a name again replaces it. Two implementations (SQLite,
/// DynamoDB) pass one contract test suite.
/// </summary>
internal interface ISavedViewStore : IAsyncDisposable
{
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>The owner's views of <paramref name="view"/>, by name (ordinal).</summary>
    Task<IReadOnlyList<SavedView>> ListAsync(string owner, string view, CancellationToken cancellationToken);

    /// <summary>Stores the view, replacing the owner's view of the same view and name.</summary>
    Task PutAsync(SavedView saved, CancellationToken cancellationToken);

    /// <summary>True when the owner had a view of that name and it is gone now.</summary>
    Task<bool> DeleteAsync(string owner, string view, string name, CancellationToken cancellationToken);
}
