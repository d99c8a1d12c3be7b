using AiSpm.Rego.Values;

namespace AiSpm.Rego;

/// <summary>One solution of a query: the values of its named variables, and the value of its last expression.</summary>
public sealed record QueryResult(RegoObject Bindings, RegoValue? Value);
