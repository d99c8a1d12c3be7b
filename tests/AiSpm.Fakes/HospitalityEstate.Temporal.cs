using System.Text.Json;
using System.Text.Json.Nodes;
using Temporalio.Api.Enums.V1;

namespace AiSpm.Fakes;

/// <summary>The estate's workflows as executions of a FAKE Temporal frontend: each workflow in the estate file runs a
/// few times, each run schedules one <c>InvokeBedrockAgent</c> activity per step with the step's agent id in its input.</summary>
public static class HospitalityWorkflows
{
    public const string Namespace = "group-sales";

    public static IReadOnlyList<FakeWorkflowRun> Runs(JsonObject estate, DateTimeOffset now)
    {
        var agentIds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var a in estate["agents"]?.AsArray() ?? [])
        {
            if (a?["name"]?.GetValue<string>() is { } name && a["id"]?.GetValue<string>() is { } id)
            {
                agentIds[name] = id;
            }
        }

        var runs = new List<FakeWorkflowRun>();
        WorkflowExecutionStatus[] statuses = [WorkflowExecutionStatus.Running, WorkflowExecutionStatus.Running, WorkflowExecutionStatus.Completed, WorkflowExecutionStatus.Completed, WorkflowExecutionStatus.Completed, WorkflowExecutionStatus.Failed];
        foreach (var w in estate["workflows"]?.AsArray() ?? [])
        {
            var type = w?["name"]?.GetValue<string>() ?? "workflow";
            var activities = new List<(string, string)>();
            foreach (var step in w?["steps"]?.AsArray() ?? [])
            {
                var agent = step?["agent"]?.GetValue<string>() ?? "";
                var input = new JsonObject { ["agentId"] = agentIds.GetValueOrDefault(agent, agent), ["agentAliasId"] = "TSTALIASID", ["sessionId"] = type + "-session" };
                activities.Add(("InvokeBedrockAgent", input.ToJsonString()));
            }

            for (var i = 0; i < statuses.Length; i++)
            {
                runs.Add(new FakeWorkflowRun(type + "-" + (i + 1), "run-" + type + "-" + (i + 1), type, "group-sales", statuses[i], now.AddHours(-6 * (i + 1)), activities));
            }
        }

        return runs;
    }
}
