using AiSpm.Admin.Storage.Views;

namespace AiSpm.Admin.Tests.Storage.Views;

/// <summary>The behaviour every <see cref="ISavedViewStore"/> must have; each implementation runs it through a subclass.</summary>
public abstract class SavedViewStoreContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private readonly string _name = "t" + Guid.NewGuid().ToString("N")[..12];
    private ISavedViewStore? _store;

    internal ISavedViewStore Store => _store ?? throw new InvalidOperationException("not initialized");

    internal abstract ISavedViewStore CreateStore(string name);

    public async Task InitializeAsync()
    {
        _store = CreateStore(_name);
        await _store.InitializeAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    [Fact]
    public async Task ViewsComeBackByNameForTheirOwnerAndViewOnly()
    {
        await Store.PutAsync(new SavedView("alice", "findings", "open high", "severity=high&status=open", T0), CancellationToken.None);
        await Store.PutAsync(new SavedView("alice", "findings", "Acked", "status=acknowledged", T0.AddMinutes(1)), CancellationToken.None);
        await Store.PutAsync(new SavedView("bob", "findings", "open high", "status=open", T0), CancellationToken.None);
        await Store.PutAsync(new SavedView("alice", "events", "blocked", "action=blocked", T0), CancellationToken.None);

        var alice = await Store.ListAsync("alice", "findings", CancellationToken.None);
        Assert.Equal(
            [new SavedView("alice", "findings", "Acked", "status=acknowledged", T0.AddMinutes(1)), new SavedView("alice", "findings", "open high", "severity=high&status=open", T0)],
            alice);
        Assert.Equal(["status=open"], (await Store.ListAsync("bob", "findings", CancellationToken.None)).Select(v => v.Query));
        Assert.Empty(await Store.ListAsync("carol", "findings", CancellationToken.None));
    }

    [Fact]
    public async Task SavingANameAgainReplacesIt()
    {
        await Store.PutAsync(new SavedView("alice", "findings", "mine", "status=open", T0), CancellationToken.None);
        await Store.PutAsync(new SavedView("alice", "findings", "mine", "status=resolved", T0.AddHours(1)), CancellationToken.None);
        var list = await Store.ListAsync("alice", "findings", CancellationToken.None);
        Assert.Equal([new SavedView("alice", "findings", "mine", "status=resolved", T0.AddHours(1))], list);
    }

    [Fact]
    public async Task DeleteRemovesOnlyTheOwnersViewAndSaysWhetherThereWasOne()
    {
        await Store.PutAsync(new SavedView("alice", "findings", "shared name", "status=open", T0), CancellationToken.None);
        await Store.PutAsync(new SavedView("bob", "findings", "shared name", "status=open", T0), CancellationToken.None);
        Assert.True(await Store.DeleteAsync("alice", "findings", "shared name", CancellationToken.None));
        Assert.False(await Store.DeleteAsync("alice", "findings", "shared name", CancellationToken.None));
        Assert.Empty(await Store.ListAsync("alice", "findings", CancellationToken.None));
        Assert.Single(await Store.ListAsync("bob", "findings", CancellationToken.None));
    }

    [Fact]
    public async Task NamesAndOwnersWithSeparatorsAndUnicodeStayApart()
    {
        // The DynamoDB keys join owner, view and name with '#': a name holding one must not reach another view.
        await Store.PutAsync(new SavedView("a#b", "findings", "x#y", "q=1", T0), CancellationToken.None);
        await Store.PutAsync(new SavedView("a#b", "findings", "Ünïcödé 🚀", "q=2", T0), CancellationToken.None);
        await Store.PutAsync(new SavedView("a", "findings", "b#findings#x", "q=3", T0), CancellationToken.None);
        Assert.Equal(["x#y", "Ünïcödé 🚀"], (await Store.ListAsync("a#b", "findings", CancellationToken.None)).Select(v => v.Name));
        Assert.Equal(["b#findings#x"], (await Store.ListAsync("a", "findings", CancellationToken.None)).Select(v => v.Name));
    }
}
