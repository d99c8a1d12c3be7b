using System.Text.Json.Nodes;
using AiSpm.Scanner.Model;

namespace AiSpm.Scanner.Mapping;

public sealed partial class EstateMapper
{
    private AssetNode CoreNode(string kind, string id, string arnType)
    {
        var node = Aws(kind, id);
        node.ArnPattern ??= "arn:aws:bedrock-agentcore:{region}:{account}:" + arnType + "/" + id;
        return node;
    }

    private void CoreListRuntimes(JsonNode body)
    {
        foreach (var r in Json.Objects(body, "agentRuntimes"))
        {
            if (Json.Str(r, "agentRuntimeId") is not { } id)
            {
                continue;
            }

            var node = CoreNode(AssetKinds.AgentRuntime, id, "runtime");
            node.SetArn(Json.Str(r, "agentRuntimeArn"));
            node.Name = Json.Str(r, "agentRuntimeName") ?? node.Name;
            if (!node.Document.ContainsKey("roleArn"))
            {
                node.Merge(r);
            }
        }
    }

    private void CoreGetRuntime(JsonNode body)
    {
        if (body is not JsonObject r || Json.Str(r, "agentRuntimeId") is not { } id)
        {
            Error("malformed_answer", "get-agent-runtime answer without agentRuntimeId");
            return;
        }

        var node = CoreNode(AssetKinds.AgentRuntime, id, "runtime");
        node.SetArn(Json.Str(r, "agentRuntimeArn"));
        node.Name = Json.Str(r, "agentRuntimeName") ?? node.Name;
        node.Merge(r);
        AssumesRole(node, Json.Str(r, "roleArn"));
    }

    private void CoreListGateways(JsonNode body)
    {
        foreach (var g in Json.Objects(body, "items"))
        {
            if (Json.Str(g, "gatewayId") is not { } id)
            {
                continue;
            }

            var node = CoreNode(AssetKinds.McpGateway, id, "gateway");
            node.Name = Json.Str(g, "name") ?? node.Name;
            if (!node.Document.ContainsKey("gatewayArn"))
            {
                node.Merge(g);
            }
        }
    }

    private void CoreGetGateway(JsonNode body)
    {
        if (body is not JsonObject g || Json.Str(g, "gatewayId") is not { } id)
        {
            Error("malformed_answer", "get-gateway answer without gatewayId");
            return;
        }

        var node = CoreNode(AssetKinds.McpGateway, id, "gateway");
        node.SetArn(Json.Str(g, "gatewayArn"));
        node.Name = Json.Str(g, "name") ?? node.Name;
        node.Merge(g);
        AssumesRole(node, Json.Str(g, "roleArn"));
    }

    /// <summary>A gateway target is a set of tools the gateway exposes: an action group of the MCP gateway.</summary>
    private AssetNode Target(AssetNode gateway, string targetId)
    {
        var node = Aws(AssetKinds.ActionGroup, "gateway/" + gateway.NativeId + "/" + targetId);
        _graph.Edge(gateway, node, EdgeTypes.HasActionGroup);
        return node;
    }

    private void CoreListTargets(JsonNode body)
    {
        if (Parent(AssetKinds.McpGateway, "list-gateway-targets") is not { } gateway)
        {
            return;
        }

        foreach (var t in Json.Objects(body, "items"))
        {
            if (Json.Str(t, "targetId") is not { } id)
            {
                continue;
            }

            var node = Target(gateway, id);
            node.Name = Json.Str(t, "name") ?? node.Name;
            if (!node.Document.ContainsKey("targetConfiguration"))
            {
                node.Merge(t);
            }
        }
    }

    private void CoreGetTarget(JsonNode body)
    {
        var gatewayId = Arn.TryParse(Json.Str(body, "gatewayArn"), out var arn) ? arn.ResourceId : null;
        if (body is not JsonObject t || Json.Str(t, "targetId") is not { } id)
        {
            Error("malformed_answer", "get-gateway-target answer without targetId");
            return;
        }

        var gateway = gatewayId is null ? Parent(AssetKinds.McpGateway, "get-gateway-target") : CoreNode(AssetKinds.McpGateway, gatewayId, "gateway");
        if (gateway is null)
        {
            return;
        }

        gateway.SetArn(Json.Str(t, "gatewayArn"));
        var node = Target(gateway, id);
        node.Name = Json.Str(t, "name") ?? node.Name;
        node.Merge(t);
        var config = Json.Obj(t, "targetConfiguration");
        var mcp = Json.Obj(config, "mcp");
        if (Json.Str(Json.Obj(mcp, "lambda"), "lambdaArn") is { } lambda)
        {
            _graph.Edge(node, FunctionRef(lambda), EdgeTypes.Calls);
        }

        if (Json.Str(Json.Obj(Json.Obj(config, "http"), "agentcoreRuntime"), "arn") is { } runtimeArn && Arn.TryParse(runtimeArn, out var r))
        {
            var runtime = CoreNode(AssetKinds.AgentRuntime, r.ResourceId, "runtime");
            runtime.SetArn(runtimeArn);
            _graph.Edge(node, runtime, EdgeTypes.Calls);
        }
    }

    private void CoreListMemories(JsonNode body)
    {
        foreach (var m in Json.Objects(body, "memories"))
        {
            if (Json.Str(m, "id") is not { } id)
            {
                continue;
            }

            var node = CoreNode(AssetKinds.Memory, id, "memory");
            node.SetArn(Json.Str(m, "arn"));
            if (!node.Document.ContainsKey("name"))
            {
                node.Merge(m);
            }
        }
    }

    private void CoreGetMemory(JsonNode body)
    {
        if (Json.Obj(body, "memory") is not { } m || Json.Str(m, "id") is not { } id)
        {
            Error("malformed_answer", "get-memory answer without memory.id");
            return;
        }

        var node = CoreNode(AssetKinds.Memory, id, "memory");
        node.SetArn(Json.Str(m, "arn"));
        node.Name = Json.Str(m, "name") ?? node.Name;
        node.Merge(m);
        AssumesRole(node, Json.Str(m, "memoryExecutionRoleArn"));
    }
}
