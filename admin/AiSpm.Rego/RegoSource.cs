namespace AiSpm.Rego;

/// <summary>A Rego module's text and the file name used in error messages.</summary>
public sealed record RegoSource(string File, string Text);
