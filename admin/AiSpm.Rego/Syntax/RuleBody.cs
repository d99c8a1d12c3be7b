namespace AiSpm.Rego.Syntax;

/// <summary>A body with its value (the first body uses the rule's value; else bodies carry their own).</summary>
internal sealed record RuleBody(Query Query, Expr? Value);
