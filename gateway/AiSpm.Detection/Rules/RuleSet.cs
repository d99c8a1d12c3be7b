namespace AiSpm.Detection.Rules;

/// <summary>Every rule of every pack in a rules folder, as one versioned set.</summary>
internal sealed record RuleSet(IReadOnlyList<RuleDefinition> Rules, string Version);
