using AiSpm.Benchmarks.Budget;

namespace AiSpm.Benchmarks.Tests.Budget;

public sealed class BudgetCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aispm-budget-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = BudgetCommand.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void OverBudgetExitsOneAndSaysByHowMuch()
    {
        var budget = Write("budget.json", "{\"budgets\":{\"EngineBenchmarks.ScanText\":0}}");
        Write("x-report-full.json", ReportJson.Of(("EngineBenchmarks", "ScanText", "Size=2048", 48)));

        var (exit, output, _) = Run("--results", _dir, "--budget", budget);

        Assert.Equal(1, exit);
        Assert.Contains("EngineBenchmarks.ScanText(Size=2048)", output, StringComparison.Ordinal);
        Assert.Contains("OVER by 48 B", output, StringComparison.Ordinal);
        Assert.Contains("allocation budget: FAIL", output, StringComparison.Ordinal);
    }

    [Fact]
    public void WithinBudgetExitsZero()
    {
        var budget = Write("budget.json", "{\"budgets\":{\"EngineBenchmarks.ScanText\":0}}");
        var report = Write("x-report-full.json", ReportJson.Of(("EngineBenchmarks", "ScanText", "Size=2048", 0)));

        var (exit, output, _) = Run("--results", report, "--budget", budget);

        Assert.Equal(0, exit);
        Assert.Contains("allocation budget: PASS", output, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingResultsExitTwoWithAMessage()
    {
        var budget = Write("budget.json", "{\"budgets\":{}}");

        var (exit, _, error) = Run("--results", Path.Combine(_dir, "nothing-here"), "--budget", budget);

        Assert.Equal(2, exit);
        Assert.Contains("no BenchmarkDotNet results", error, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownArgumentExitsTwoWithUsage()
    {
        var (exit, _, error) = Run("--resultz", _dir);

        Assert.Equal(2, exit);
        Assert.Contains("usage:", error, StringComparison.Ordinal);
    }
}
