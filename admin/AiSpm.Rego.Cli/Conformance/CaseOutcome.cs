namespace AiSpm.Rego.Cli.Conformance;

internal enum CaseOutcome
{
    Passed,
    Failed,
    Skipped,
}
