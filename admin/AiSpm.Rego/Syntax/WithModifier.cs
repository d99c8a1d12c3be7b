namespace AiSpm.Rego.Syntax;

internal sealed record WithModifier(Expr Target, Expr Value);
