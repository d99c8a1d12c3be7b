namespace AiSpm.Rego.Syntax;

/// <summary>`x in coll` or `k, v in coll`.</summary>
internal sealed class MembershipTerm(Expr? key, Expr value, Expr collection, int line, int column) : Expr(line, column)
{
    public Expr? Key { get; } = key;

    public Expr Value { get; } = value;

    public Expr Collection { get; } = collection;
}
