namespace AiSpm.Benchmarks.Budget;

internal sealed record BudgetLine(MeasuredBenchmark Benchmark, long? Budget, BudgetStatus Status);
