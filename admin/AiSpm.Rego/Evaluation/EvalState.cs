using AiSpm.Rego.Values;

namespace AiSpm.Rego.Evaluation;

/// <summary>What `with` replaces for one literal: input, data overrides, function replacements, and the caches that depend on them.</summary>
internal sealed record EvalState(
    RegoValue? Input,
    RegoValue Data,
    Dictionary<RuleNode, RegoValue>? NodeOverrides,
    Dictionary<string, FunctionOverride>? FunctionOverrides,
    Dictionary<RuleNode, Box> RuleCache,
    Dictionary<RuleNode, Box> FullCache);
