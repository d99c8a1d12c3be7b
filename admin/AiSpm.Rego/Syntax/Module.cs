namespace AiSpm.Rego.Syntax;

internal sealed class Module(string file, string[] package)
{
    public string File { get; } = file;

    /// <summary>The package path with its leading "data".</summary>
    public string[] Package { get; } = package;

    public List<Import> Imports { get; } = [];

    public List<Rule> Rules { get; } = [];

    public bool IsV1 { get; set; }
}
