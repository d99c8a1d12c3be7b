namespace AiSpm.Rego.Syntax;

/// <summary>A reference: a head followed by operands; `.name` operands are string scalars.</summary>
internal sealed class RefTerm(Expr head, List<Expr> path, int line, int column) : Expr(line, column)
{
    public Expr Head { get; } = head;

    public List<Expr> Path { get; } = path;
}
