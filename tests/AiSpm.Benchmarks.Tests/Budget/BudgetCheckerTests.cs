using AiSpm.Benchmarks.Budget;

namespace AiSpm.Benchmarks.Tests.Budget;

public class BudgetCheckerTests
{
    private static readonly AllocationBudget Budget = AllocationBudget.Parse(
        """
        {
          "budgets": {
            "EngineBenchmarks.ScanText": 0,
            "EngineBenchmarks.ScanText(Engine=Managed&Size=2048)": 40,
            "StreamScanBenchmarks.StreamScanDeltas": 64
          }
        }
        """, "test");

    private static List<BudgetLine> Check(params (string, string, string, long?)[] rows) =>
        BudgetChecker.Check(BenchmarkResultsReader.Parse(ReportJson.Of(rows), "test"), Budget);

    [Fact]
    public void ZeroBudgetFailsOnASingleByte()
    {
        var lines = Check(("EngineBenchmarks", "ScanText", "Engine=Hyperscan&Size=2048", 1));

        Assert.Equal(BudgetStatus.Over, lines[0].Status);
        Assert.False(BudgetChecker.Passed(lines));
    }

    [Fact]
    public void ZeroAllocationPassesAZeroBudget()
    {
        var lines = Check(("EngineBenchmarks", "ScanText", "Engine=Hyperscan&Size=2048", 0));

        Assert.Equal(BudgetStatus.Within, lines[0].Status);
        Assert.True(BudgetChecker.Passed(lines));
    }

    [Fact]
    public void BudgetIsInclusive()
    {
        var lines = Check(("StreamScanBenchmarks", "StreamScanDeltas", "Size=2048", 64), ("StreamScanBenchmarks", "StreamScanDeltas", "Size=16384", 65));

        Assert.Equal(BudgetStatus.Within, lines[0].Status);
        Assert.Equal(BudgetStatus.Over, lines[1].Status);
        Assert.False(BudgetChecker.Passed(lines));
    }

    [Fact]
    public void ParameterSpecificBudgetWinsOverTheMethodBudget()
    {
        var lines = Check(("EngineBenchmarks", "ScanText", "Engine=Managed&Size=2048", 40), ("EngineBenchmarks", "ScanText", "Engine=Managed&Size=16384", 40));

        Assert.Equal(40, lines[0].Budget);
        Assert.Equal(BudgetStatus.Within, lines[0].Status);
        Assert.Equal(0, lines[1].Budget);
        Assert.Equal(BudgetStatus.Over, lines[1].Status);
    }

    [Fact]
    public void BenchmarkWithoutBudgetFails()
    {
        var lines = Check(("NewBenchmarks", "Something", "", 0));

        Assert.Equal(BudgetStatus.NoBudget, lines[0].Status);
        Assert.False(BudgetChecker.Passed(lines));
    }

    [Fact]
    public void FailedBenchmarkFailsEvenWithZeroMemoryFigures()
    {
        var lines = Check(("EngineBenchmarks", "ScanText", "Engine=Hyperscan&Size=2048", null));

        Assert.Equal(BudgetStatus.NoResult, lines[0].Status);
        Assert.False(BudgetChecker.Passed(lines));
    }

    [Fact]
    public void NoResultsAtAllIsNotAPass() => Assert.False(BudgetChecker.Passed([]));

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("{\"budgets\": {\"A.B\": -1}}")]
    [InlineData("{\"budgets\": {\"A.B\": \"zero\"}}")]
    [InlineData("{\"budgets\": {\"A.B\": 1.5}}")]
    public void MalformedBudgetFileIsAClearError(string json)
    {
        var error = Assert.Throws<FormatException>(() => AllocationBudget.Parse(json, "budget.json"));
        Assert.StartsWith("budget.json:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportWithoutBenchmarksArrayIsAClearError()
    {
        var error = Assert.Throws<FormatException>(() => BenchmarkResultsReader.Parse("{\"Title\":\"x\"}", "r.json"));
        Assert.Contains("Benchmarks", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ShippedBudgetFileParsesAndCoversEverySuite()
    {
        var budget = AllocationBudget.Load(Path.Combine(RepoRoot.Path, "perf", "AiSpm.Benchmarks", "allocation-budget.json"));

        foreach (var key in new[] { "RequestBodyBenchmarks.ScanRequestBody", "EngineBenchmarks.ScanText", "StreamScanBenchmarks.StreamScanDeltas" })
        {
            var dot = key.IndexOf('.', StringComparison.Ordinal);
            Assert.NotNull(budget.LimitFor(new MeasuredBenchmark(key[..dot], key[(dot + 1)..], "Size=2048", 0)));
        }
    }
}
