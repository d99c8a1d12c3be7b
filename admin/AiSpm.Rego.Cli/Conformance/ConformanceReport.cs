namespace AiSpm.Rego.Cli.Conformance;

internal sealed class ConformanceReport
{
    public List<CaseResult> Cases { get; } = [];

    public int Passed => Cases.Count(c => c.Outcome == CaseOutcome.Passed);

    public int Failed => Cases.Count(c => c.Outcome == CaseOutcome.Failed);

    public int Skipped => Cases.Count(c => c.Outcome == CaseOutcome.Skipped);

    /// <summary>Passed over passed plus failed (skipped cases do not count).</summary>
    public double PassRate => Passed + Failed == 0 ? 0 : (double)Passed / (Passed + Failed);

    public string Summary => $"{Passed} passed, {Failed} failed, {Skipped} skipped";
}
