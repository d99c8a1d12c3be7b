namespace AiSpm.Rego.Cli.Controls;

/// <summary>A control's verdict on one resource: failing with its reasons, or passing.</summary>
internal sealed record ControlDecision(string Package, bool Failing, IReadOnlyList<string> Reasons);
