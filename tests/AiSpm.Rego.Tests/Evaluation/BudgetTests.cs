using AiSpm.Rego.Evaluation;

namespace AiSpm.Rego.Tests.Evaluation;

public class BudgetTests
{
    private const string Runaway = "package p\nx := count([1 | numbers.range(1, 3000)[_]; numbers.range(1, 3000)[_]])\n";

    [Fact]
    public void StepBudgetStopsARunawayEvaluationWithAnError()
    {
        var p = Rego.Compile(Runaway);
        var e = Assert.Throws<RegoException>(() => p.Evaluate("data.p.x", null, null, new RegoBudget { MaxSteps = 10_000, MaxTime = TimeSpan.FromMinutes(5) }));
        Assert.Contains("budget of 10000 steps", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TimeBudgetStopsARunawayEvaluationWithAnError()
    {
        var p = Rego.Compile(Runaway);
        var e = Assert.Throws<RegoException>(() => p.Evaluate("data.p.x", null, null, new RegoBudget { MaxSteps = long.MaxValue, MaxTime = TimeSpan.FromMilliseconds(1) }));
        Assert.Contains("time budget", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultBudgetIsOneHundredMilliseconds() => Assert.Equal(TimeSpan.FromMilliseconds(100), RegoBudget.Default.MaxTime);

    [Fact]
    public void RecursionIsAnErrorNotAHang()
    {
        var p = Rego.Compile("package p\na { b }\nb { a }\n");
        var e = Assert.Throws<RegoException>(() => p.Evaluate("data.p.a"));
        Assert.Contains("recursion", e.Message, StringComparison.Ordinal);
    }
}
