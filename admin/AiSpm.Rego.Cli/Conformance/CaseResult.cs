namespace AiSpm.Rego.Cli.Conformance;

/// <summary>One case's outcome; Reason explains a failure or names the missing built-in of a skip.</summary>
internal sealed record CaseResult(string File, string Note, CaseOutcome Outcome, string? Reason);
