using AiSpm.Rego.Values;

namespace AiSpm.Posture.Evaluation;

/// <summary>A field of the resource that the control reads, with its value (null when the resource does not have it).</summary>
public sealed record Evidence(string Path, RegoValue? Value);
