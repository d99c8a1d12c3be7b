using System.Text.Json;

namespace AiSpm.Benchmarks.Tests;

/// <summary>
/// What CI holds the rig to: `./aispm bench micro --short` really runs BenchmarkDotNet and enforces the budget, and the
/// budget command fails on a result over budget. Timings are never asserted.
/// </summary>
public sealed class BenchMicroCommandTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);
    private readonly string _dir = Directory.CreateTempSubdirectory("aispm-bench-").FullName;

    private static string ShippedBudget => Path.Combine(RepoRoot.Path, "perf", "AiSpm.Benchmarks", "allocation-budget.json");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Dictionary<string, string> Environment(string budget) => new()
    {
        ["AISPM_BENCH_DLL"] = ScriptRunner.BenchmarkAssembly(),
        ["AISPM_BENCH_OUT"] = Path.Combine(_dir, "out"),
        ["AISPM_BENCH_BUDGET"] = budget,
    };

    [Fact]
    public void ShortRunOfACheapBenchmarkPassesItsZeroBudget()
    {
        var (exit, output) = ScriptRunner.Aispm(Environment(ShippedBudget), Limit,
            "bench", "micro", "--short", "--no-build", "--filter", "*EventSerializerBenchmarks.SerializeEvent*");

        Assert.True(exit == 0, output);
        Assert.Contains("allocation budget: PASS", output, StringComparison.Ordinal);
        var report = Assert.Single(Directory.GetFiles(Path.Combine(_dir, "out", "results"), "*-report-full.json"));
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        var benchmarks = json.RootElement.GetProperty("Benchmarks");
        // A suite that needs no rule database: compiling the full pack takes minutes, which CI does not need to prove
        // that the harness and the budget check work.
        Assert.Equal(1, benchmarks.GetArrayLength());
        foreach (var benchmark in benchmarks.EnumerateArray())
        {
            Assert.Equal("SerializeEvent", benchmark.GetProperty("Method").GetString());
            Assert.Equal(0, benchmark.GetProperty("Memory").GetProperty("BytesAllocatedPerOperation").GetInt64());
        }
    }

    [Fact]
    public void ShortRunFailsWhenTheBudgetIsTighterThanWhatTheBenchmarkAllocates()
    {
        // SerializeEvent allocates nothing, so only a budget entry missing for it can fail; a budget file that names
        // other benchmarks only proves a run is held to the file it is given.
        var budget = Path.Combine(_dir, "budget.json");
        File.WriteAllText(budget, "{\"budgets\":{\"EngineBenchmarks.ScanText\":0}}");

        var (exit, output) = ScriptRunner.Aispm(Environment(budget), Limit,
            "bench", "micro", "--short", "--no-build", "--filter", "*EventSerializerBenchmarks.SerializeEvent*");

        Assert.NotEqual(0, exit);
        Assert.Contains("NO BUDGET", output, StringComparison.Ordinal);
        Assert.Contains("allocation budget: FAIL", output, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckBudgetCommandFailsOnACraftedOverBudgetResult()
    {
        var results = Path.Combine(_dir, "results");
        Directory.CreateDirectory(results);
        File.WriteAllText(Path.Combine(results, "crafted-report-full.json"), ReportJson.Of(
            ("RequestBodyBenchmarks", "ScanRequestBody", "Size=2048&Kind=Benign", 0),
            ("RequestBodyBenchmarks", "ScanRequestBody", "Size=16384&Kind=Attack", 312)));

        var (exit, output) = ScriptRunner.Aispm(Environment(ShippedBudget), Limit, "bench", "check-budget", "--results", results);

        Assert.Equal(1, exit);
        Assert.Contains("RequestBodyBenchmarks.ScanRequestBody(Size=16384&Kind=Attack)", output, StringComparison.Ordinal);
        Assert.Contains("OVER by 312 B", output, StringComparison.Ordinal);
    }
}
