namespace AiSpm.Rego.Syntax;

/// <summary>One statement of a rule body.</summary>
internal sealed class Literal(LiteralKind kind, int line, int column)
{
    public LiteralKind Kind { get; } = kind;

    public int Line { get; } = line;

    public int Column { get; } = column;

    public Expr? Expr { get; set; }

    public bool Negated { get; set; }

    public List<WithModifier> Withs { get; } = [];

    public List<VarTerm> Vars { get; } = [];

    public Expr? Key { get; set; }

    public Expr? Value { get; set; }

    public Expr? Collection { get; set; }

    public Query? Body { get; set; }
}
