using System.Text.Json.Nodes;
using AiSpm.Admin.Storage.Posture;

namespace AiSpm.Admin.Tests.Storage.Posture;

/// <summary>
/// The behaviour every <see cref="IPostureStore"/> must have: custom control versions, exceptions and results. Each
/// implementation runs this same suite through a subclass that says how to create a store.
/// </summary>
public abstract class PostureStoreContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly string _name = "p" + Guid.NewGuid().ToString("N")[..12];
    private IPostureStore? _store;

    internal IPostureStore Store => _store ?? throw new InvalidOperationException("not initialized");

    internal abstract IPostureStore CreateStore(string name);

    public async Task InitializeAsync()
    {
        _store = CreateStore(_name);
        await _store.InitializeAsync(CancellationToken.None);
        // Idempotent.
        await _store.InitializeAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    private static StoredControl Control(string id, string rego, bool deleted = false) =>
        new() { Id = id, Version = 0, Rego = rego, Test = deleted ? null : "package t", By = "alice", At = T0, Deleted = deleted };

    private static StoredResult Result(string control, string resource, string status, params string[] reasons) => new()
    {
        ControlId = control,
        ResourceId = resource,
        Status = status,
        Reasons = reasons,
        Evidence = status == ResultStatusNames.Failing ? [new ResultEvidence("input.ContentPolicy", new JsonObject { ["Filters"] = new JsonArray() }), new ResultEvidence("input.KmsKeyArn", null)] : [],
        EvaluatedAt = T0,
    };

    [Fact]
    public async Task EachPutIsANewVersionAndTheLatestIsInForce()
    {
        var v1 = await Store.PutControlAsync(Control("custom-a", "package a # v1"), CancellationToken.None);
        var v2 = await Store.PutControlAsync(Control("custom-a", "package a # v2"), CancellationToken.None);
        await Store.PutControlAsync(Control("custom-b", "package b"), CancellationToken.None);
        Assert.Equal(1, v1.Version);
        Assert.Equal(2, v2.Version);

        var inForce = await Store.ListControlsAsync(CancellationToken.None);
        Assert.Equal(["custom-a", "custom-b"], inForce.Select(c => c.Id));
        Assert.Equal("package a # v2", inForce[0].Rego);
        Assert.Equal("package t", inForce[0].Test);
        Assert.Equal(T0, inForce[0].At);

        var history = await Store.ControlHistoryAsync("custom-a", CancellationToken.None);
        Assert.Equal([2L, 1L], history.Select(h => h.Version));
        Assert.Equal("package a # v1", history[1].Rego);
    }

    [Fact]
    public async Task ADeletionIsAVersionThatTakesTheControlOutOfForceAndKeepsItsHistory()
    {
        await Store.PutControlAsync(Control("custom-a", "package a"), CancellationToken.None);
        var deleted = await Store.PutControlAsync(Control("custom-a", "", deleted: true), CancellationToken.None);
        Assert.Equal(2, deleted.Version);
        Assert.Empty(await Store.ListControlsAsync(CancellationToken.None));
        Assert.Equal([true, false], (await Store.ControlHistoryAsync("custom-a", CancellationToken.None)).Select(h => h.Deleted));

        // Put again after a deletion: back in force as the next version.
        var back = await Store.PutControlAsync(Control("custom-a", "package a # back"), CancellationToken.None);
        Assert.Equal(3, back.Version);
        Assert.Equal("package a # back", Assert.Single(await Store.ListControlsAsync(CancellationToken.None)).Rego);
    }

    [Fact]
    public async Task ConcurrentPutsOfOneControlTakeDistinctVersions()
    {
        var puts = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => Store.PutControlAsync(Control("custom-race", "package r # " + i), CancellationToken.None)));
        Assert.Equal([1L, 2, 3, 4, 5], puts.Select(p => p.Version).Order());
        Assert.Equal(5, (await Store.ControlHistoryAsync("custom-race", CancellationToken.None)).Count);
        Assert.Equal(5, Assert.Single(await Store.ListControlsAsync(CancellationToken.None)).Version);
    }

    [Fact]
    public async Task ExceptionsRoundTripAndDeleteReturnsWhatWasRemoved()
    {
        var e = new PostureException
        {
            Id = "x_one",
            ControlId = "AISPM-BEDROCK-GUARDRAIL-001",
            ResourceId = "arn:aws:bedrock:us-east-1:123456789012:guardrail/gr1",
            Reason = "retiring",
            By = "bob",
            Created = T0,
            Expires = T0.AddDays(7),
        };
        await Store.PutExceptionAsync(e, CancellationToken.None);
        await Store.PutExceptionAsync(e with { Id = "x_two", ResourceId = "other" }, CancellationToken.None);
        Assert.Equal([e, e with { Id = "x_two", ResourceId = "other" }], await Store.ListExceptionsAsync(CancellationToken.None));

        Assert.Equal(e, await Store.DeleteExceptionAsync("x_one", CancellationToken.None));
        Assert.Null(await Store.DeleteExceptionAsync("x_one", CancellationToken.None));
        Assert.Equal(["x_two"], (await Store.ListExceptionsAsync(CancellationToken.None)).Select(x => x.Id));
    }

    [Fact]
    public async Task ResultsRoundTripWithEvidenceAndAreListedByControlThenResource()
    {
        await Store.ReplaceResultsAsync("c2", [Result("c2", "r1", ResultStatusNames.Passing)], null, CancellationToken.None);
        await Store.ReplaceResultsAsync("c1", [Result("c1", "r2", ResultStatusNames.Failing, "LOW"), Result("c1", "r1", ResultStatusNames.Error)], null, CancellationToken.None);

        var all = await Store.ListResultsAsync(null, CancellationToken.None);
        Assert.Equal([("c1", "r1"), ("c1", "r2"), ("c2", "r1")], all.Select(r => (r.ControlId, r.ResourceId)));
        var failing = all[1];
        Assert.Equal(ResultStatusNames.Failing, failing.Status);
        Assert.Equal(["LOW"], failing.Reasons);
        Assert.Equal("input.ContentPolicy", failing.Evidence[0].Path);
        Assert.Equal("{\"Filters\":[]}", failing.Evidence[0].Value!.ToJsonString());
        Assert.Null(failing.Evidence[1].Value);
        Assert.Equal(["r1", "r2"], (await Store.ListResultsAsync("c1", CancellationToken.None)).Select(r => r.ResourceId));
    }

    [Fact]
    public async Task AScopedReplaceTouchesOnlyTheResourcesInScope()
    {
        await Store.ReplaceResultsAsync("c1", [Result("c1", "r1", ResultStatusNames.Failing), Result("c1", "r2", ResultStatusNames.Failing), Result("c1", "r3", ResultStatusNames.Passing)], null, CancellationToken.None);
        await Store.ReplaceResultsAsync("c2", [Result("c2", "r1", ResultStatusNames.Failing)], null, CancellationToken.None);

        // r1 now passes, r2 is gone (in scope, no new result), r3 is out of scope and stays; c2 is another control.
        await Store.ReplaceResultsAsync("c1", [Result("c1", "r1", ResultStatusNames.Passing)], ["r1", "r2"], CancellationToken.None);
        var c1 = await Store.ListResultsAsync("c1", CancellationToken.None);
        Assert.Equal([("r1", "passing"), ("r3", "passing")], c1.Select(r => (r.ResourceId, r.Status)));
        Assert.Single(await Store.ListResultsAsync("c2", CancellationToken.None));

        // An unscoped replace with nothing removes all of a control's results.
        await Store.ReplaceResultsAsync("c1", [], null, CancellationToken.None);
        Assert.Empty(await Store.ListResultsAsync("c1", CancellationToken.None));
        Assert.Single(await Store.ListResultsAsync(null, CancellationToken.None));
    }

    [Fact]
    public async Task AControlIdThatIsAPrefixOfAnotherKeepsItsResultsApart()
    {
        await Store.ReplaceResultsAsync("c1", [Result("c1", "r1", ResultStatusNames.Failing)], null, CancellationToken.None);
        await Store.ReplaceResultsAsync("c10", [Result("c10", "r1", ResultStatusNames.Passing)], null, CancellationToken.None);
        Assert.Equal(["c1"], (await Store.ListResultsAsync("c1", CancellationToken.None)).Select(r => r.ControlId));
        await Store.ReplaceResultsAsync("c1", [], null, CancellationToken.None);
        Assert.Single(await Store.ListResultsAsync("c10", CancellationToken.None));
    }

    [Fact]
    public async Task StateSurvivesReopeningTheStore()
    {
        await Store.PutControlAsync(Control("custom-a", "package a"), CancellationToken.None);
        await Store.ReplaceResultsAsync("custom-a", [Result("custom-a", "r1", ResultStatusNames.Failing)], null, CancellationToken.None);
        await using var again = CreateStore(_name);
        await again.InitializeAsync(CancellationToken.None);
        Assert.Single(await again.ListControlsAsync(CancellationToken.None));
        Assert.Single(await again.ListResultsAsync(null, CancellationToken.None));
    }
}
