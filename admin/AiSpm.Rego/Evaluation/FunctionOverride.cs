using AiSpm.Rego.Values;

namespace AiSpm.Rego.Evaluation;

/// <summary>`with f as x`: either a constant value or another function (a data path or a built-in name).</summary>
internal sealed record FunctionOverride(RegoValue? Value, string[]? FunctionPath, string? BuiltinName);
