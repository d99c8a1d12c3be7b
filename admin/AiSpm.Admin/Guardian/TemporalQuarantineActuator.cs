using System.Text.Json.Nodes;
using AiSpm.Admin.Hosting;
using Google.Protobuf;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using WorkflowExecution = Temporalio.Api.Common.V1.WorkflowExecution;

namespace AiSpm.Admin.Guardian;

/// <summary>
/// Quarantines a Temporal workflow type (the <c>workflow</c> asset, <c>temporal:workflow:NAMESPACE/TYPE</c>): every
/// running execution of that type is terminated through the official client, after its last completed workflow task
/// is recorded. Terminating rather than cancelling is deliberate: cancellation runs the workflow's own clean-up code,
/// which is the code an attacker's input may be steering. Rollback resets each execution to the recorded workflow
/// task (<c>ResetWorkflowExecution</c>), which starts a new run from that point with the history before it kept.
/// </summary>
internal sealed class TemporalQuarantineActuator(GuardianSettings settings) : IGuardianActuator
{
    private const string Prefix = "temporal:workflow:";
    private const int MaxExecutions = 1000;

    public string Kind => GuardianActionKind.TemporalQuarantine;

    public async Task<ActuatorResult> ExecuteAsync(GuardianAction action, string who, CancellationToken cancellationToken)
    {
        if (!TryParse(action.Target, out var ns, out var type))
        {
            return ActuatorResult.Fail("target '" + action.Target + "' is not a Temporal workflow asset (" + Prefix + "NAMESPACE/TYPE)");
        }

        if (ns != settings.TemporalNamespace)
        {
            return ActuatorResult.Fail("workflow namespace '" + ns + "' is not guardian:temporal:namespace '" + settings.TemporalNamespace + "'");
        }

        var connection = await ConnectAsync(cancellationToken);
        var running = await RunningAsync(connection, type, cancellationToken);
        var before = new JsonArray();
        var after = new JsonArray();
        foreach (var execution in running)
        {
            var resetPoint = await LastCompletedWorkflowTaskAsync(connection, execution, cancellationToken);
            await connection.WorkflowService.TerminateWorkflowExecutionAsync(new TerminateWorkflowExecutionRequest
            {
                Namespace = ns,
                WorkflowExecution = execution,
                Reason = "AiSpm Guardian quarantine (action " + action.Id + "): " + action.Reason,
                Identity = "aispm-guardian:" + who,
            }, Call(cancellationToken));
            before.Add(Run(execution.WorkflowId, execution.RunId, "running", resetPoint));
            after.Add(Run(execution.WorkflowId, execution.RunId, "terminated", resetPoint));
        }

        return ActuatorResult.Done(State(ns, type, before), State(ns, type, after));
    }

    public async Task<ActuatorResult> RollbackAsync(GuardianAction action, string who, CancellationToken cancellationToken)
    {
        if (!TryParse(action.Target, out var ns, out var type) || action.After is null || JsonNode.Parse(action.After)?["executions"] is not JsonArray runs)
        {
            return ActuatorResult.Fail("the action recorded no executions to restore");
        }

        var connection = await ConnectAsync(cancellationToken);
        var before = new JsonArray();
        var after = new JsonArray();
        foreach (var node in runs)
        {
            var workflowId = node!["workflowId"]!.GetValue<string>();
            var runId = node["runId"]!.GetValue<string>();
            if (node["resetEventId"]?.GetValue<long>() is not { } eventId)
            {
                // Terminated before its first workflow task completed: nothing ran, so there is no point to return to.
                before.Add(Run(workflowId, runId, "terminated", null));
                after.Add(Run(workflowId, runId, "terminated", null));
                continue;
            }

            var reset = await connection.WorkflowService.ResetWorkflowExecutionAsync(new ResetWorkflowExecutionRequest
            {
                Namespace = ns,
                WorkflowExecution = new WorkflowExecution { WorkflowId = workflowId, RunId = runId },
                Reason = "AiSpm Guardian rollback of action " + action.Id + " by " + who,
                WorkflowTaskFinishEventId = eventId,
                // The same id on a retried call lets the frontend answer with the run the first call created.
                RequestId = action.Id + ":" + runId,
            }, Call(cancellationToken));
            before.Add(Run(workflowId, runId, "terminated", eventId));
            after.Add(new JsonObject { ["workflowId"] = workflowId, ["runId"] = reset.RunId, ["status"] = "running", ["resetFrom"] = runId });
        }

        return ActuatorResult.Done(State(ns, type, before), State(ns, type, after));
    }

    internal static bool TryParse(string target, out string ns, out string type)
    {
        ns = type = "";
        if (!target.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = target[Prefix.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == rest.Length - 1)
        {
            return false;
        }

        ns = rest[..slash];
        type = rest[(slash + 1)..];
        return true;
    }

    private async Task<TemporalConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var options = new TemporalConnectionOptions(settings.TemporalAddress!) { Identity = "aispm-guardian" };
        if (settings.TemporalApiKeyEnv is { } keyEnv && ScopedEnvironment.Over(settings.Environment)(keyEnv) is { Length: > 0 } key)
        {
            options.ApiKey = key;
        }
        else
        {
            options.Tls = new TlsOptions { Disabled = true };
        }

        return await TemporalConnection.ConnectAsync(options).WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
    }

    private static RpcOptions Call(CancellationToken cancellationToken) => new() { Timeout = TimeSpan.FromSeconds(10), CancellationToken = cancellationToken, Retry = true };

    private async Task<List<WorkflowExecution>> RunningAsync(TemporalConnection connection, string type, CancellationToken cancellationToken)
    {
        var found = new List<WorkflowExecution>();
        var token = ByteString.Empty;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        // A workflow type is a string the visibility query quotes; a quote inside it would end the literal early.
        var query = "WorkflowType = '" + type.Replace("'", "\\'", StringComparison.Ordinal) + "' AND ExecutionStatus = 'Running'";
        do
        {
            var page = await connection.WorkflowService.ListWorkflowExecutionsAsync(
                new ListWorkflowExecutionsRequest { Namespace = settings.TemporalNamespace, Query = query, PageSize = 100, NextPageToken = token }, Call(cancellationToken));
            foreach (var e in page.Executions)
            {
                // The query already says so; checked again so a frontend that ignores it cannot widen the quarantine.
                if (e.Type?.Name == type && e.Status == WorkflowExecutionStatus.Running && found.Count < MaxExecutions)
                {
                    found.Add(e.Execution);
                }
            }

            token = page.NextPageToken;
        }
        while (!token.IsEmpty && seen.Add(token.ToBase64()) && found.Count < MaxExecutions);
        return found;
    }

    private async Task<long?> LastCompletedWorkflowTaskAsync(TemporalConnection connection, WorkflowExecution execution, CancellationToken cancellationToken)
    {
        long? last = null;
        var token = ByteString.Empty;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        do
        {
            var page = await connection.WorkflowService.GetWorkflowExecutionHistoryAsync(
                new GetWorkflowExecutionHistoryRequest { Namespace = settings.TemporalNamespace, Execution = execution, NextPageToken = token, MaximumPageSize = 1000 }, Call(cancellationToken));
            foreach (var e in page.History?.Events ?? [])
            {
                if (e.EventType == EventType.WorkflowTaskCompleted)
                {
                    last = e.EventId;
                }
            }

            token = page.NextPageToken;
        }
        while (!token.IsEmpty && seen.Add(token.ToBase64()));
        return last;
    }

    private static JsonObject Run(string workflowId, string runId, string status, long? resetEventId)
    {
        var run = new JsonObject { ["workflowId"] = workflowId, ["runId"] = runId, ["status"] = status };
        if (resetEventId is { } id)
        {
            run["resetEventId"] = id;
        }

        return run;
    }

    private static string State(string ns, string type, JsonArray executions) =>
        new JsonObject { ["namespace"] = ns, ["workflowType"] = type, ["executions"] = executions }.ToJsonString();
}
