namespace AiSpm.Rego.Syntax;

internal sealed class ObjectTerm(List<KeyValuePair<Expr, Expr>> items, int line, int column) : Expr(line, column)
{
    public List<KeyValuePair<Expr, Expr>> Items { get; } = items;
}
