using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AiSpm.Scanner.Mapping;

/// <summary>
/// Tells whether a Lambda function calls models, from what its configuration carries, and says why: environment
/// variable names of model SDKs and providers, a model id among the environment values, a layer of an AI SDK, or
/// its role's permission to invoke models.
/// </summary>
internal static partial class FunctionRecognizer
{
    private static readonly string[] NameWords =
    [
        "BEDROCK", "OPENAI", "ANTHROPIC", "LITELLM", "GEMINI", "MISTRAL", "COHERE", "HUGGINGFACE", "HF_TOKEN", "LANGCHAIN",
        "LANGSMITH", "LLAMA", "GROQ", "VERTEX", "AGENT_ID", "AGENT_ALIAS", "KNOWLEDGE_BASE", "GUARDRAIL", "MODEL_ID",
        "MODEL_NAME", "LLM", "AGENTCORE",
    ];

    private static readonly string[] LayerWords =
        ["langchain", "openai", "anthropic", "bedrock", "litellm", "llama", "strands", "langgraph", "transformers", "agentcore"];

    private static readonly string[] InvokeActions =
    [
        "bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream", "bedrock:Converse", "bedrock:ConverseStream",
        "bedrock:InvokeAgent", "bedrock:Retrieve", "bedrock:RetrieveAndGenerate", "bedrock-agentcore:InvokeAgentRuntime",
        "sagemaker:InvokeEndpoint",
    ];

    [GeneratedRegex(@"^(?:(?:us|eu|apac|global|us-gov|ca|jp|au)\.)?(?:anthropic|amazon|meta|mistral|cohere|ai21|deepseek|openai|qwen|writer|stability|twelvelabs)\.[a-z0-9][a-z0-9.:-]*$|^(?:gpt-[0-9][a-z0-9.-]*|o[134](?:-mini)?|claude-[a-z0-9.-]+|gemini-[a-z0-9.-]+)$|:foundation-model/|:inference-profile/", RegexOptions.CultureInvariant)]
    private static partial Regex ModelId();

    public static bool LooksLikeModelId(string value) => value.Length < 200 && ModelId().IsMatch(value);

    /// <summary>The reasons, and the model ids found in the environment (never the other values).</summary>
    public static (List<string> Reasons, List<string> Models) Recognize(JsonObject configuration, IReadOnlyList<JsonObject> roleStatements)
    {
        var reasons = new List<string>();
        var models = new List<string>();
        if (Json.Obj(Json.Obj(configuration, "Environment"), "Variables") is { } variables)
        {
            foreach (var (name, value) in variables)
            {
                foreach (var word in NameWords)
                {
                    if (name.Contains(word, StringComparison.OrdinalIgnoreCase))
                    {
                        reasons.Add("environment variable " + name + " names " + word.ToLowerInvariant());
                        break;
                    }
                }

                if (value is JsonValue v && v.TryGetValue<string>(out var s) && LooksLikeModelId(s))
                {
                    models.Add(s);
                    reasons.Add("environment variable " + name + " holds model id " + s);
                }
            }
        }

        foreach (var layer in Json.Objects(configuration, "Layers"))
        {
            var arn = Json.Str(layer, "Arn") ?? "";
            foreach (var word in LayerWords)
            {
                if (arn.Contains(word, StringComparison.OrdinalIgnoreCase))
                {
                    reasons.Add("layer " + arn + " carries " + word);
                    break;
                }
            }
        }

        foreach (var statement in roleStatements)
        {
            if (Json.Str(statement, "Effect") != "Allow")
            {
                continue;
            }

            foreach (var pattern in Json.Strings(statement["Action"]))
            {
                // A bare "*" grants everything and says nothing about models; only service-scoped patterns count.
                if (!pattern.Contains(':', StringComparison.Ordinal) || pattern.StartsWith('*'))
                {
                    continue;
                }

                foreach (var action in InvokeActions)
                {
                    if (Wildcard(pattern, action))
                    {
                        reasons.Add("role policy " + Json.Str(statement, "policy") + " allows " + action + " (" + pattern + ")");
                        goto nextStatement;
                    }
                }
            }

        nextStatement:;
        }

        return (reasons, models);
    }

    /// <summary>IAM action matching: case-insensitive, <c>*</c> any run, <c>?</c> one character.</summary>
    internal static bool Wildcard(string pattern, string value)
    {
        int p = 0, v = 0, star = -1, mark = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || char.ToLowerInvariant(pattern[p]) == char.ToLowerInvariant(value[v])))
            {
                p++;
                v++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = v;
            }
            else if (star >= 0)
            {
                p = star + 1;
                v = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
