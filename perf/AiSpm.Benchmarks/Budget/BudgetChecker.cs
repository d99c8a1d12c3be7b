namespace AiSpm.Benchmarks.Budget;

internal static class BudgetChecker
{
    public static List<BudgetLine> Check(IReadOnlyList<MeasuredBenchmark> results, AllocationBudget budget)
    {
        var lines = new List<BudgetLine>(results.Count);
        foreach (var result in results)
        {
            var limit = budget.LimitFor(result);
            var status = result.BytesAllocatedPerOperation is not { } allocated ? BudgetStatus.NoResult
                : limit is null ? BudgetStatus.NoBudget
                : allocated > limit.Value ? BudgetStatus.Over
                : BudgetStatus.Within;
            lines.Add(new BudgetLine(result, limit, status));
        }

        return lines;
    }

    public static bool Passed(IReadOnlyList<BudgetLine> lines)
    {
        foreach (var line in lines)
        {
            if (line.Status != BudgetStatus.Within)
            {
                return false;
            }
        }

        return lines.Count > 0;
    }
}
