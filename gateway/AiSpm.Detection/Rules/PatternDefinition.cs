namespace AiSpm.Detection.Rules;

/// <summary>One expression of a rule in the shared dialect both engines compile; literals are escaped into it.</summary>
internal sealed record PatternDefinition(string Expression, bool Caseless, bool DotAll, bool Multiline, bool IsLiteral, string? Literal);
