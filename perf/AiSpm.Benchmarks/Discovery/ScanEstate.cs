using System.Text.Json.Nodes;

namespace AiSpm.Benchmarks.Discovery;

/// <summary>
/// The demo estate's shape (config/hospitality-group-sales.example.json) multiplied: N agents, each with its own
/// guardrail, execution role, knowledge base (with a data source and a role), action group and function (with a
/// role), which is about ten assets per agent once models, tools and LiteLLM keys are counted.
/// </summary>
internal static class ScanEstate
{
    public static JsonObject Create(int agents, int keys)
    {
        var guardrails = new JsonArray();
        var kbs = new JsonArray();
        var functions = new JsonArray();
        var agentList = new JsonArray();
        string[] models = ["anthropic.claude-3-5-sonnet-20240620-v1:0", "anthropic.claude-3-haiku-20240307-v1:0", "amazon.nova-pro-v1:0"];
        for (var i = 0; i < agents; i++)
        {
            var n = i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
            guardrails.Add(new JsonObject { ["id"] = "gr-" + n, ["name"] = "guardrail-" + n, ["promptAttack"] = i % 3 == 0 ? "LOW" : "HIGH" });
            kbs.Add(new JsonObject
            {
                ["id"] = "KB" + n + "XXX",
                ["name"] = "kb-" + n,
                ["role"] = "kb-role-" + n,
                ["dataSources"] = new JsonArray(new JsonObject { ["id"] = "DS" + n + "XXX", ["name"] = "ds-" + n, ["bucket"] = "bucket-" + n, ["kmsKeyArn"] = null }),
            });
            functions.Add(new JsonObject { ["name"] = "tool-fn-" + n, ["role"] = "fn-role-" + n, ["environment"] = new JsonObject { ["BASE_URL"] = "https://svc-" + n + ".example.invalid" } });
            agentList.Add(new JsonObject
            {
                ["id"] = "AG" + n + "XXX",
                ["name"] = "agent-" + n,
                ["model"] = models[i % models.Length],
                ["guardrail"] = "gr-" + n,
                ["role"] = "agent-role-" + n,
                ["knowledgeBases"] = new JsonArray("KB" + n + "XXX"),
                ["actionGroups"] = new JsonArray(new JsonObject { ["id"] = "AC" + n + "XXX", ["name"] = "tools-" + n, ["function"] = "tool-fn-" + n, ["tools"] = new JsonArray("lookup_" + n) }),
            });
        }

        var keyList = new JsonArray();
        for (var k = 0; k < keys; k++)
        {
            keyList.Add(new JsonObject
            {
                ["token"] = "hash-key-" + k,
                ["alias"] = "key-" + k,
                ["team"] = "team-bench",
                ["models"] = new JsonArray("claude-sonnet"),
                ["maxBudget"] = 10,
                ["expires"] = "2027-06-30T00:00:00Z",
            });
        }

        return new JsonObject
        {
            ["name"] = "scan-benchmark",
            ["account"] = "210987654321",
            ["regions"] = new JsonArray("us-east-1"),
            ["invocationLoggingOff"] = new JsonArray(),
            ["highRiskTools"] = new JsonArray(),
            ["guardrails"] = guardrails,
            ["knowledgeBases"] = kbs,
            ["functions"] = functions,
            ["agents"] = agentList,
            ["workflows"] = new JsonArray(),
            ["traces"] = new JsonArray(),
            ["litellm"] = new JsonObject
            {
                ["models"] = new JsonArray(new JsonObject { ["name"] = "claude-sonnet", ["model"] = "bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0" }),
                ["teams"] = new JsonArray(new JsonObject { ["id"] = "team-bench", ["alias"] = "bench", ["models"] = new JsonArray("claude-sonnet"), ["maxBudget"] = 500 }),
                ["keys"] = keyList,
                ["guardrails"] = new JsonArray(),
            },
        };
    }
}
