namespace AiSpm.Rego.Syntax;

internal sealed record Import(string[] Path, string Alias, int Line, int Column);
