namespace AiSpm.Rego.Evaluation;

/// <summary>Variable names visible in a body; comprehension and `every` bodies nest.</summary>
internal sealed class Scope(Scope? parent, bool isBodyRoot)
{
    public Scope? Parent { get; } = parent;

    /// <summary>True for a rule body's own scope (declarations there clash with earlier uses and with the function arguments).</summary>
    public bool IsBodyRoot { get; } = isBodyRoot;

    public Dictionary<string, int> Names { get; } = new(StringComparer.Ordinal);

    public int? Find(string name)
    {
        for (var s = this; s is not null; s = s.Parent)
        {
            if (s.Names.TryGetValue(name, out var slot))
            {
                return slot;
            }
        }

        return null;
    }
}
