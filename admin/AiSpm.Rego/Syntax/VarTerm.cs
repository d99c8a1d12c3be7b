namespace AiSpm.Rego.Syntax;

/// <summary>A variable. The resolver sets Slot (a local of the rule's frame) or Global (a path in data, or input).</summary>
internal sealed class VarTerm(string name, int line, int column) : Expr(line, column)
{
    public string Name { get; } = name;

    public int Slot { get; set; } = -1;

    private string[]? _global;
    private Values.RegoString[]? _globalKeys;

    /// <summary>For a global: the root ("data" or "input") followed by the path.</summary>
    public string[]? Global
    {
        get => _global;
        set
        {
            _global = value;
            _globalKeys = null;
        }
    }

    /// <summary>The parts of <see cref="Global"/> as object keys, made once, so a lookup along a static path neither
    /// allocates a key nor hashes it again. (Two threads may both make it; either copy is right.)</summary>
    public Values.RegoString[] GlobalKeys => _globalKeys ??= Array.ConvertAll(_global!, static s => new Values.RegoString(s));

    public bool IsWildcard => Name == "_";
}
