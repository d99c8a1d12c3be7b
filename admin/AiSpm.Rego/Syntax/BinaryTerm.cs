namespace AiSpm.Rego.Syntax;

/// <summary>An infix expression: arithmetic, comparison, set operators, `=` and `:=`.</summary>
internal sealed class BinaryTerm(string op, Expr left, Expr right, int line, int column) : Expr(line, column)
{
    public string Op { get; } = op;

    public Expr Left { get; } = left;

    public Expr Right { get; } = right;
}
