using AiSpm.Rego.Evaluation;
using AiSpm.Rego.Values;

namespace AiSpm.Rego.Tests;

/// <summary>Helpers: compile one module and read a value out of it.</summary>
internal static class Rego
{
    public static RegoPolicy Compile(string text) => RegoPolicy.Compile("test.rego", text);

    /// <summary>The value of a query, or null when it is undefined.</summary>
    public static RegoValue? Eval(string module, string query, string? inputJson = null, RegoBudget? budget = null)
    {
        var policy = Compile(module);
        var input = inputJson is null ? null : RegoJson.Parse(inputJson);
        var results = policy.Evaluate(query, input, null, budget);
        return results.Count == 0 ? null : results[^1].Value;
    }

    public static RegoValue Json(string json) => RegoJson.Parse(json);
}
