using System.Globalization;

namespace AiSpm.Benchmarks.Budget;

internal static class BudgetTable
{
    public static void Write(IReadOnlyList<BudgetLine> lines, TextWriter output)
    {
        var width = "benchmark".Length;
        foreach (var line in lines)
        {
            width = Math.Max(width, line.Benchmark.FullKey.Length);
        }

        output.WriteLine($"{"benchmark".PadRight(width)}  {"allocated B/op",14}  {"budget B/op",11}  status");
        output.WriteLine(new string('-', width + 2 + 14 + 2 + 11 + 2 + 14));
        int within = 0, over = 0, noBudget = 0, noResult = 0;
        foreach (var line in lines)
        {
            var allocated = line.Benchmark.BytesAllocatedPerOperation?.ToString(CultureInfo.InvariantCulture) ?? "-";
            var limit = line.Budget?.ToString(CultureInfo.InvariantCulture) ?? "-";
            var status = line.Status switch
            {
                BudgetStatus.Within => "ok",
                BudgetStatus.Over => $"OVER by {line.Benchmark.BytesAllocatedPerOperation - line.Budget} B",
                BudgetStatus.NoBudget => "NO BUDGET (add it to allocation-budget.json)",
                _ => "NO RESULT (benchmark failed)",
            };
            output.WriteLine($"{line.Benchmark.FullKey.PadRight(width)}  {allocated,14}  {limit,11}  {status}");
            switch (line.Status)
            {
                case BudgetStatus.Within: within++; break;
                case BudgetStatus.Over: over++; break;
                case BudgetStatus.NoBudget: noBudget++; break;
                default: noResult++; break;
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"allocation budget: {within} within, {over} over, {noBudget} without budget, {noResult} without result"));
        output.WriteLine(BudgetChecker.Passed(lines) ? "allocation budget: PASS" : "allocation budget: FAIL");
    }
}
