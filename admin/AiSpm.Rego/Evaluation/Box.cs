using AiSpm.Rego.Values;

namespace AiSpm.Rego.Evaluation;

/// <summary>A cached result that may be undefined (null).</summary>
internal sealed record Box(RegoValue? Value);
