using AiSpm.Admin.Storage.RedTeam;

namespace AiSpm.Admin.Tests.Storage.RedTeam;

/// <summary>The behaviour every <see cref="IRedTeamStore"/> must have; each implementation runs it through a subclass.</summary>
public abstract class RedTeamStoreContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private readonly string _name = "t" + Guid.NewGuid().ToString("N")[..12];
    private IRedTeamStore? _store;

    internal IRedTeamStore Store => _store ?? throw new InvalidOperationException("not initialized");

    internal abstract IRedTeamStore CreateStore(string name);

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

    private static RedTeamRun Run(int minute, int rows = 2) => new()
    {
        Id = "rt-20261207T09" + minute.ToString("00", System.Globalization.CultureInfo.InvariantCulture) + "00000-abcdef",
        StartedAt = T0.AddMinutes(minute),
        DurationMs = 12.5,
        Mode = "gateway",
        Corpus = "builtin",
        Target = "http://127.0.0.1:8080/",
        StartedBy = "analyst",
        Rows = rows,
        Categories = [new RateFigure("jailbreak", 1, 1, 1)],
        Frameworks = [new RateFigure("owasp_llm:LLM01", 1, 1, 1)],
        Benign = new BenignFigure(1, 0, 0),
        LatencyP50Ms = 3.5,
        LatencyP99Ms = 9,
        Eval = [new GarakEvalRow("eval", "jailbreak", "aispm.gateway", 1, 0, 1)],
        Results = Enumerable.Range(0, rows).Select(i => new RowResult("row" + i, "jailbreak", true, "detected", "JB-DAN", i, null)).ToArray(),
    };

    [Fact]
    public async Task ARunComesBackWholeByIdAndUnknownIdsAreNull()
    {
        var run = Run(1);
        await Store.PutAsync(run, CancellationToken.None);
        var back = await Store.GetAsync(run.Id, CancellationToken.None);
        Assert.NotNull(back);
        Assert.Equal(run.Results, back.Results);
        Assert.Equal(
            (run.Id, run.StartedAt, run.DurationMs, run.Mode, run.Corpus, run.Target, run.StartedBy, run.Rows, run.Errors, run.Skipped, run.Benign, run.LatencyP50Ms, run.LatencyP99Ms),
            (back.Id, back.StartedAt, back.DurationMs, back.Mode, back.Corpus, back.Target, back.StartedBy, back.Rows, back.Errors, back.Skipped, back.Benign, back.LatencyP50Ms, back.LatencyP99Ms));
        Assert.Equal(run.Categories, back.Categories);
        Assert.Equal(run.Frameworks, back.Frameworks);
        Assert.Equal(run.Eval, back.Eval);
        Assert.Null(await Store.GetAsync("rt-none", CancellationToken.None));
    }

    [Fact]
    public async Task ListsAreNewestFirstLimitedAndCarryNoRowResults()
    {
        await Store.PutAsync(Run(2), CancellationToken.None);
        await Store.PutAsync(Run(5), CancellationToken.None);
        await Store.PutAsync(Run(3), CancellationToken.None);
        var list = await Store.ListAsync(2, CancellationToken.None);
        Assert.Equal([Run(5).Id, Run(3).Id], list.Select(r => r.Id));
        Assert.All(list, r => Assert.Null(r.Results));
        Assert.Equal(3, (await Store.ListAsync(10, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task ARunAtTheRowCapIsStored()
    {
        var run = Run(7, rows: 1000);
        await Store.PutAsync(run, CancellationToken.None);
        Assert.Equal(1000, (await Store.GetAsync(run.Id, CancellationToken.None))!.Results!.Count);
    }
}
