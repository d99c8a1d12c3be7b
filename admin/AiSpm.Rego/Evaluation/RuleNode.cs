using AiSpm.Rego.Syntax;

namespace AiSpm.Rego.Evaluation;

/// <summary>A node of the virtual document tree: the rules defined at exactly this path, and child paths.</summary>
internal sealed class RuleNode(string[] path)
{
    public string[] Path { get; } = path;

    public Dictionary<string, RuleNode> Children { get; } = new(StringComparer.Ordinal);

    public List<Rule> Rules { get; } = [];

    public Rule? Default { get; set; }

    public RuleKind? Kind { get; set; }

    public bool IsFunction => Kind == RuleKind.Function;

    public RuleNode? Child(string name) => Children.TryGetValue(name, out var c) ? c : null;
}
