namespace AiSpm.Rego.Syntax;

internal sealed class ComprTerm(ComprKind kind, Expr? key, Expr value, Query body, int line, int column) : Expr(line, column)
{
    public ComprKind Kind { get; } = kind;

    public Expr? Key { get; } = key;

    public Expr Value { get; } = value;

    public Query Body { get; } = body;
}
