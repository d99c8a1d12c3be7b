namespace AiSpm.Benchmarks.Budget;

internal enum BudgetStatus
{
    Within,
    Over,
    /// <summary>The benchmark has no entry in the budget file: every benchmark must have one.</summary>
    NoBudget,
    /// <summary>The benchmark failed or was run without the memory diagnoser, so there is nothing to hold to a budget.</summary>
    NoResult,
}
