namespace AiSpm.Benchmarks.Budget;

/// <summary><c>check-budget --results DIR|FILE [--budget FILE]</c>: exit 0 within budget, 1 over, 2 on bad input.</summary>
internal static class BudgetCommand
{
    public static int Run(ReadOnlySpan<string> args, TextWriter output, TextWriter error)
    {
        string? results = null;
        var budgetPath = Path.Combine(AppContext.BaseDirectory, "allocation-budget.json");
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--results" when i + 1 < args.Length:
                    results = args[++i];
                    break;
                case "--budget" when i + 1 < args.Length:
                    budgetPath = args[++i];
                    break;
                default:
                    error.WriteLine($"check-budget: unknown or incomplete argument '{args[i]}'");
                    error.WriteLine("usage: check-budget --results <dir|report-full.json> [--budget allocation-budget.json]");
                    return 2;
            }
        }

        if (results is null)
        {
            error.WriteLine("usage: check-budget --results <dir|report-full.json> [--budget allocation-budget.json]");
            return 2;
        }

        List<BudgetLine> lines;
        try
        {
            lines = BudgetChecker.Check(BenchmarkResultsReader.ReadPath(results), AllocationBudget.Load(budgetPath));
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            error.WriteLine($"check-budget: {e.Message}");
            return 2;
        }

        BudgetTable.Write(lines, output);
        return BudgetChecker.Passed(lines) ? 0 : 1;
    }
}
