namespace AiSpm.Rego.Syntax;

internal sealed class Rule(RuleKind kind, string[] path, int line, int column)
{
    public RuleKind Kind { get; } = kind;

    /// <summary>The full path in data, package included.</summary>
    public string[] Path { get; } = path;

    public int Line { get; } = line;

    public int Column { get; } = column;

    public bool IsDefault { get; set; }

    /// <summary>The set member or object key.</summary>
    public Expr? Key { get; set; }

    public Expr? Value { get; set; }

    /// <summary>For `p[a][b] := v`: every key below the rule's path (Key is then the first).</summary>
    public List<Expr>? KeyPath { get; set; }

    /// <summary>For `p[a][b] contains v`: the leaf under KeyPath is a set that collects v.</summary>
    public bool SetLeaf { get; set; }

    public List<Expr> Args { get; } = [];

    public List<RuleBody> Bodies { get; } = [];

    public int SlotCount { get; set; }

    public Module Module { get; set; } = null!;
}
