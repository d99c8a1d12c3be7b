using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiSpm.Scanner.Model;

namespace AiSpm.Scanner.Mapping;

public sealed partial class EstateMapper
{
    // Kinds a workflow's activities can reach: the things that do work for an agentic workflow.
    private static readonly string[] OrchestratedKinds =
        [AssetKinds.Agent, AssetKinds.Function, AssetKinds.AgentRuntime, AssetKinds.Endpoint, AssetKinds.McpGateway, AssetKinds.Route, AssetKinds.Model, AssetKinds.KnowledgeBase];

    private readonly List<(AssetNode Workflow, string Activity, List<string> References)> _activities = [];

    /// <summary>The namespace of a Temporal answer: the live connector's scope, or in an export the first part of the
    /// file name after the operation (<c>temporal.list-workflow-executions.prod.json</c>), else <c>default</c>.</summary>
    private string TemporalNamespace()
    {
        if (_current.Scope is { Length: > 0 } scope)
        {
            return scope;
        }

        var hint = _current.Hint;
        if (string.IsNullOrEmpty(hint))
        {
            return "default";
        }

        var dot = hint.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? hint : hint[..dot];
    }

    private AssetNode Workflow(string ns, string type)
    {
        var node = _graph.Node(Providers.Temporal, AssetKinds.Workflow, ns + "/" + type, _source);
        node.Name ??= type;
        return node;
    }

    /// <summary>
    /// <c>ListWorkflowExecutions</c> (the CLI's <c>temporal workflow list -o json</c> prints the executions as an array,
    /// the API as <c>{"executions": [...]}</c>): one <c>workflow</c> asset per workflow type, with its task queues and
    /// how many executions are running, completed and failed.
    /// </summary>
    private void TemporalListWorkflows(JsonNode body)
    {
        var ns = TemporalNamespace();
        var executions = body is JsonArray bare ? bare : Json.Arr(body, "executions");
        foreach (var item in executions)
        {
            if (item is not JsonObject e || Json.Str(Json.Obj(e, "type"), "name") is not { Length: > 0 } type)
            {
                if (item is not null)
                {
                    Error("malformed_execution", "an execution without type.name");
                }

                continue;
            }

            var node = Workflow(ns, type);
            node.Described = true;
            var doc = node.Document;
            doc["namespace"] = ns;
            doc["workflowType"] = type;
            var counts = doc["executions"] as JsonObject ?? [];
            doc["executions"] = counts;
            var status = StatusName(Json.Str(e, "status"));
            counts[status] = (counts[status]?.GetValue<int>() ?? 0) + 1;
            counts["total"] = (counts["total"]?.GetValue<int>() ?? 0) + 1;
            if (Json.Str(e, "taskQueue") is { Length: > 0 } queue)
            {
                AddSorted(doc, "taskQueues", queue);
            }

            if (Json.Str(e, "startTime") is { } start && string.CompareOrdinal(start, Json.Str(doc, "lastStartTime")) > 0)
            {
                doc["lastStartTime"] = start;
            }
        }
    }

    /// <summary>
    /// <c>GetWorkflowExecutionHistory</c> (the CLI's <c>temporal workflow show -o json</c>): the activities the
    /// execution scheduled. Each activity's type name and the strings in its JSON input are kept as references; once
    /// every answer is mapped they become <c>orchestrates</c> edges to the assets they name.
    /// </summary>
    private void TemporalHistory(JsonNode body)
    {
        var ns = TemporalNamespace();
        var events = Json.Obj(body, "history") is { } history ? Json.Arr(history, "events") : Json.Arr(body, "events");
        string? type = null;
        foreach (var e in events)
        {
            if (Json.Obj(e, "workflowExecutionStartedEventAttributes") is { } started)
            {
                type = Json.Str(Json.Obj(started, "workflowType"), "name");
            }
        }

        if (type is null && _current.Scope is not null)
        {
            type = _current.Hint;
        }

        if (type is null)
        {
            Error("malformed_history", "a history without its workflowExecutionStarted event names no workflow type");
            return;
        }

        var workflow = Workflow(ns, type);
        foreach (var e in events)
        {
            if (Json.Obj(e, "activityTaskScheduledEventAttributes") is not { } scheduled ||
                Json.Str(Json.Obj(scheduled, "activityType"), "name") is not { Length: > 0 } activity)
            {
                continue;
            }

            var references = new List<string>();
            foreach (var payload in Json.Objects(Json.Obj(scheduled, "input"), "payloads"))
            {
                CollectPayloadStrings(payload, references);
            }

            AddSorted(workflow.Document, "activityTypes", activity);
            workflow.Described = true;
            _activities.Add((workflow, activity, references));
        }
    }

    /// <summary>Strings of a <c>json/plain</c> payload (the default converter's encoding); binary or encrypted payloads are left alone.</summary>
    private static void CollectPayloadStrings(JsonObject payload, List<string> into)
    {
        if (Decode(Json.Str(Json.Obj(payload, "metadata"), "encoding")) != "json/plain" || Decode(Json.Str(payload, "data")) is not { } json)
        {
            return;
        }

        try
        {
            Strings(JsonNode.Parse(json), into, 0);
        }
        catch (JsonException)
        {
            // An input that claims JSON but is not: nothing to learn from it.
        }
    }

    private static void Strings(JsonNode? node, List<string> into, int depth)
    {
        if (depth > 16 || into.Count > 256)
        {
            return;
        }

        switch (node)
        {
            case JsonValue v when v.TryGetValue<string>(out var s):
                into.Add(s);
                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    Strings(item, into, depth + 1);
                }

                break;
            case JsonObject o:
                foreach (var (_, item) in o)
                {
                    Strings(item, into, depth + 1);
                }

                break;
        }
    }

    private static string? Decode(string? base64)
    {
        if (base64 is null)
        {
            return null;
        }

        var bytes = new byte[(base64.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(base64, bytes, out var n) ? Encoding.UTF8.GetString(bytes, 0, n) : null;
    }

    /// <summary>Links each workflow to the assets its activities name: by ARN, native id or name, activity type first.</summary>
    private void FinishTemporal()
    {
        if (_activities.Count == 0)
        {
            return;
        }

        var byName = new Dictionary<string, List<AssetNode>>(StringComparer.Ordinal);
        foreach (var node in _graph.Nodes)
        {
            if (Array.IndexOf(OrchestratedKinds, node.Kind) < 0)
            {
                continue;
            }

            foreach (var key in new[] { node.Arn, node.NativeId, node.Name })
            {
                if (key is { Length: >= 3 })
                {
                    if (!byName.TryGetValue(key, out var list))
                    {
                        list = [];
                        byName[key] = list;
                    }

                    if (!list.Contains(node))
                    {
                        list.Add(node);
                    }
                }
            }
        }

        foreach (var (workflow, activity, references) in _activities)
        {
            Link(workflow, activity, byName);
            foreach (var r in references)
            {
                Link(workflow, r, byName);
            }
        }
    }

    private void Link(AssetNode workflow, string reference, Dictionary<string, List<AssetNode>> byName)
    {
        if (byName.TryGetValue(reference, out var targets))
        {
            foreach (var t in targets)
            {
                _graph.Edge(workflow, t, EdgeTypes.Orchestrates);
            }
        }
    }

    private static string StatusName(string? status) => status switch
    {
        "WORKFLOW_EXECUTION_STATUS_RUNNING" or "Running" => "running",
        "WORKFLOW_EXECUTION_STATUS_COMPLETED" or "Completed" => "completed",
        "WORKFLOW_EXECUTION_STATUS_FAILED" or "Failed" => "failed",
        "WORKFLOW_EXECUTION_STATUS_CANCELED" or "Canceled" => "canceled",
        "WORKFLOW_EXECUTION_STATUS_TERMINATED" or "Terminated" => "terminated",
        "WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW" or "ContinuedAsNew" => "continuedAsNew",
        "WORKFLOW_EXECUTION_STATUS_TIMED_OUT" or "TimedOut" => "timedOut",
        _ => "unknown",
    };

    private static void AddSorted(JsonObject doc, string member, string value)
    {
        var list = doc[member] as JsonArray ?? [];
        doc[member] = list;
        var values = new List<string>(list.Count + 1);
        foreach (var item in list)
        {
            if (item?.GetValue<string>() is { } s)
            {
                if (s == value)
                {
                    return;
                }

                values.Add(s);
            }
        }

        values.Add(value);
        values.Sort(StringComparer.Ordinal);
        list.Clear();
        foreach (var s in values)
        {
            list.Add((JsonNode)JsonValue.Create(s));
        }
    }
}
