using AiSpm.Rego.Values;

namespace AiSpm.Rego.Syntax;

internal sealed class ScalarTerm(RegoValue value, int line, int column) : Expr(line, column)
{
    public RegoValue Value { get; } = value;
}
