namespace AiSpm.Rego.Syntax;

internal sealed class ArrayTerm(List<Expr> items, int line, int column) : Expr(line, column)
{
    public List<Expr> Items { get; } = items;
}
