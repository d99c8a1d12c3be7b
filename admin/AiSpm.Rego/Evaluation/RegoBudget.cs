namespace AiSpm.Rego.Evaluation;

/// <summary>Limits of one evaluation: steps (literals and calls) and wall time.</summary>
public sealed record RegoBudget
{
    public static readonly RegoBudget Default = new();

    public long MaxSteps { get; init; } = 5_000_000;

    public TimeSpan MaxTime { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>True: a built-in error fails the evaluation (Regorus, `opa eval --strict-builtin-errors`). False: the call is undefined (OPA's default).</summary>
    public bool StrictBuiltinErrors { get; init; } = true;
}
