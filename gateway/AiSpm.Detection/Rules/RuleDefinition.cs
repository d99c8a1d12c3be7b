namespace AiSpm.Detection.Rules;

/// <summary>A loaded rule: its public description plus what the engines and validators need.</summary>
internal sealed record RuleDefinition
{
    public required RuleInfo Info { get; init; }
    public IReadOnlyList<PatternDefinition> Patterns { get; init; } = [];
    public ValidatorKind Validator { get; init; }
    public double? MinEntropy { get; init; }
}
