namespace AiSpm.Rego.Syntax;

/// <summary>A variable. The resolver sets Slot (a local of the rule's frame) or Global (a path in data, or input).</summary>
internal sealed class VarTerm(string name, int line, int column) : Expr(line, column)
{
    public string Name { get; } = name;

    public int Slot { get; set; } = -1;

    /// <summary>For a global: the root ("data" or "input") followed by the path.</summary>
    public string[]? Global { get; set; }

    public bool IsWildcard => Name == "_";
}
