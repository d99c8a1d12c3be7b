namespace AiSpm.Rego.Syntax;

internal enum LiteralKind
{
    Expr,
    SomeVars,
    SomeIn,
    Every,
}
