using AiSpm.Admin.Guardian;

namespace AiSpm.Admin.Tests.Guardian;

/// <summary>What both Guardian stores must do: add once, transition only from the expected state and revision (so
/// two replicas never both win), list newest first by state, and keep the audit trail in order.</summary>
public abstract class GuardianStoreContractTests : IAsyncLifetime
{
    private IGuardianStore? _store;

    internal abstract IGuardianStore CreateStore();

    internal IGuardianStore Store => _store ?? throw new InvalidOperationException("not initialized");

    public async Task InitializeAsync()
    {
        _store = CreateStore();
        await _store.InitializeAsync(CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    internal static GuardianAction Action(string id, DateTimeOffset at) => new()
    {
        Id = id,
        Kind = GuardianActionKind.GatewayEnforce,
        Level = "block",
        Target = "key:alice",
        FindingId = "f-" + id,
        FindingType = "prompt_injection_activity",
        Severity = "high",
        Reason = "a burst",
        Reversible = true,
        State = GuardianActionState.Pending,
        CreatedAt = at,
        UpdatedAt = at,
    };

    [Fact]
    public async Task AnActionIsAddedOnceAndReadBack()
    {
        var a = Action("one", DateTimeOffset.UtcNow);
        Assert.Equal(1, (await Store.TryAddAsync(a, CancellationToken.None))?.Revision);
        Assert.Null(await Store.TryAddAsync(a with { Reason = "again" }, CancellationToken.None));

        var read = await Store.GetAsync("one", CancellationToken.None);
        Assert.NotNull(read);
        Assert.Equal("a burst", read.Reason);
        Assert.Equal(1, read.Revision);
        Assert.Null(await Store.GetAsync("none", CancellationToken.None));
    }

    [Fact]
    public async Task OnlyOneOfTwoRacingTransitionsWins()
    {
        await Store.TryAddAsync(Action("race", DateTimeOffset.UtcNow), CancellationToken.None);
        var a = (await Store.GetAsync("race", CancellationToken.None))!;

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Store.TryTransitionAsync(a with { State = GuardianActionState.Executing, UpdatedBy = "replica" + i }, GuardianActionState.Pending, a.Revision, CancellationToken.None)));

        var winner = Assert.Single(results, r => r is not null);
        Assert.Equal(2, winner!.Revision);
        var stored = (await Store.GetAsync("race", CancellationToken.None))!;
        Assert.Equal(GuardianActionState.Executing, stored.State);
        Assert.Equal(winner.UpdatedBy, stored.UpdatedBy);

        // The wrong state or a stale revision changes nothing.
        Assert.Null(await Store.TryTransitionAsync(stored with { State = GuardianActionState.Rejected }, GuardianActionState.Pending, stored.Revision, CancellationToken.None));
        Assert.Null(await Store.TryTransitionAsync(stored with { State = GuardianActionState.Executed }, GuardianActionState.Executing, 1, CancellationToken.None));
        var done = await Store.TryTransitionAsync(stored with { State = GuardianActionState.Executed, Before = "{}", After = "{\"x\":1}" }, GuardianActionState.Executing, stored.Revision, CancellationToken.None);
        Assert.NotNull(done);
        Assert.Equal("{\"x\":1}", (await Store.GetAsync("race", CancellationToken.None))!.After);
    }

    [Fact]
    public async Task ActionsListNewestFirstAndFilterByState()
    {
        var t = DateTimeOffset.UtcNow;
        await Store.TryAddAsync(Action("older", t.AddMinutes(-2)), CancellationToken.None);
        await Store.TryAddAsync(Action("newer", t), CancellationToken.None);
        await Store.TryAddAsync(Action("middle", t.AddMinutes(-1)), CancellationToken.None);
        var middle = (await Store.GetAsync("middle", CancellationToken.None))!;
        await Store.TryTransitionAsync(middle with { State = GuardianActionState.Rejected }, GuardianActionState.Pending, 1, CancellationToken.None);

        Assert.Equal(["newer", "middle", "older"], (await Store.ListAsync(null, 10, CancellationToken.None)).Select(a => a.Id));
        Assert.Equal(["newer", "older"], (await Store.ListAsync(GuardianActionState.Pending, 10, CancellationToken.None)).Select(a => a.Id));
        Assert.Equal(["middle"], (await Store.ListAsync(GuardianActionState.Rejected, 10, CancellationToken.None)).Select(a => a.Id));
        Assert.Equal(["newer"], (await Store.ListAsync(null, 1, CancellationToken.None)).Select(a => a.Id));
    }

    [Fact]
    public async Task TheAuditTrailReadsInOrderPerActionAndOverall()
    {
        var t = DateTimeOffset.UtcNow;
        string[] steps = ["proposed", "approved", "executed", "rolled_back"];
        for (var i = 0; i < steps.Length; i++)
        {
            await Store.AppendAuditAsync(Audit("a1", steps[i], t.AddMilliseconds(i)), CancellationToken.None);
            await Store.AppendAuditAsync(Audit("a2", steps[i], t.AddMilliseconds(i)), CancellationToken.None);
        }

        var a1 = await Store.ListAuditAsync("a1", 100, CancellationToken.None);
        Assert.Equal(steps, a1.Select(r => r.Step));
        Assert.All(a1, r => Assert.Equal("analyst", r.Who));
        Assert.Equal("{\"before\":1}", a1[2].Before);
        Assert.Equal(8, (await Store.ListAuditAsync(null, 100, CancellationToken.None)).Count);
        // A limit keeps the newest records, still in order.
        Assert.Equal(["executed", "rolled_back"], (await Store.ListAuditAsync("a2", 2, CancellationToken.None)).Select(r => r.Step));
    }

    private static GuardianAudit Audit(string action, string step, DateTimeOffset at) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        ActionId = action,
        Step = step,
        Who = "analyst",
        At = at,
        Why = "because",
        FindingId = "f1",
        Before = step == "executed" ? "{\"before\":1}" : null,
        After = step == "executed" ? "{\"after\":1}" : null,
    };
}
