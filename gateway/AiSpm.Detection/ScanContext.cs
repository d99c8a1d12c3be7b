namespace AiSpm.Detection;

/// <summary>
/// Per-request scratch that the gateway keeps pooled: the findings and what the request declared (tool names), so the
/// response phase can tell an undeclared tool call from a declared one.
/// </summary>
public sealed class ScanContext
{
    private readonly List<string> _declaredTools = new(8);

    public FindingList Findings { get; } = new();

    public IReadOnlyList<string> DeclaredTools => _declaredTools;

    /// <summary>True once the request declared a tools array (even an empty one).</summary>
    public bool ToolsDeclared { get; set; }

    public void DeclareTool(string name) => _declaredTools.Add(name);

    public void Reset()
    {
        Findings.Clear();
        _declaredTools.Clear();
        ToolsDeclared = false;
    }
}
