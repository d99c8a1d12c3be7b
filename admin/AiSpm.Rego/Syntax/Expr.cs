namespace AiSpm.Rego.Syntax;

/// <summary>A term or expression of the Rego syntax tree.</summary>
internal abstract class Expr
{
    protected Expr(int line, int column)
    {
        Line = line;
        Column = column;
    }

    public int Line { get; }

    public int Column { get; }
}
