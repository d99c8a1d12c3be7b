namespace AiSpm.Rego.Syntax;

internal sealed class Query(List<Literal> literals)
{
    public List<Literal> Literals { get; } = literals;
}
