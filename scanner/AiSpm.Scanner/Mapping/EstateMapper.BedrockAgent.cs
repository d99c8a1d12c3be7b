using System.Text.Json.Nodes;
using AiSpm.Scanner.Documents;
using AiSpm.Scanner.Model;

namespace AiSpm.Scanner.Mapping;

public sealed partial class EstateMapper
{
    private AssetNode AgentNode(string agentId)
    {
        var node = Aws(AssetKinds.Agent, agentId);
        node.ArnPattern ??= "arn:aws:bedrock:{region}:{account}:agent/" + agentId;
        return node;
    }

    private AssetNode KnowledgeBaseNode(string id)
    {
        var node = Aws(AssetKinds.KnowledgeBase, id);
        node.ArnPattern ??= "arn:aws:bedrock:{region}:{account}:knowledge-base/" + id;
        return node;
    }

    private void AgentListAgents(JsonNode body)
    {
        foreach (var a in Json.Objects(body, "agentSummaries"))
        {
            if (Json.Str(a, "agentId") is not { } id)
            {
                continue;
            }

            var node = AgentNode(id);
            node.Name = Json.Str(a, "agentName") ?? node.Name;
            if (!node.Document.ContainsKey("agentArn"))
            {
                node.Merge(a);
            }

            GuardrailEdge(node, Json.Obj(a, "guardrailConfiguration"));
        }
    }

    private void AgentGetAgent(JsonNode body)
    {
        if (Json.Obj(body, "agent") is not { } a || Json.Str(a, "agentId") is not { } id)
        {
            Error("malformed_answer", "get-agent answer without agent.agentId");
            return;
        }

        var node = AgentNode(id);
        node.SetArn(Json.Str(a, "agentArn"));
        node.Name = Json.Str(a, "agentName") ?? node.Name;
        node.Merge(a);
        AgentEdges(node, a);
    }

    /// <summary>The edges an agent's configuration (the draft or a published version) implies.</summary>
    private void AgentEdges(AssetNode node, JsonObject a)
    {
        UsesModel(node, Json.Str(a, "foundationModel"));
        GuardrailEdge(node, Json.Obj(a, "guardrailConfiguration"));
        AssumesRole(node, Json.Str(a, "agentResourceRoleArn"));
        if (Json.Str(Json.Obj(a, "promptOverrideConfiguration"), "overrideLambda") is { } parser)
        {
            _graph.Edge(node, FunctionRef(parser), EdgeTypes.Calls);
        }
    }

    private void AgentListVersions(JsonNode body)
    {
        if (Parent(AssetKinds.Agent, "list-agent-versions") is { } agent)
        {
            agent.Set("versions", Json.Arr(body, "agentVersionSummaries"));
        }
    }

    private void AgentGetVersion(JsonNode body)
    {
        if (Json.Obj(body, "agentVersion") is not { } v || Json.Str(v, "agentId") is not { } id)
        {
            Error("malformed_answer", "get-agent-version answer without agentVersion.agentId");
            return;
        }

        var node = AgentNode(id);
        node.SetArn(Json.Str(v, "agentArn"));
        node.Name ??= Json.Str(v, "agentName");
        Keyed(node, "versionDetails", Json.Str(v, "version") ?? "?", v);
        AgentEdges(node, v);
    }

    private void AgentListAliases(JsonNode body)
    {
        if (Parent(AssetKinds.Agent, "list-agent-aliases") is { } agent)
        {
            agent.Set("aliases", Json.Arr(body, "agentAliasSummaries"));
        }
    }

    private void AgentGetAlias(JsonNode body)
    {
        if (Json.Obj(body, "agentAlias") is not { } alias || Json.Str(alias, "agentId") is not { } id)
        {
            Error("malformed_answer", "get-agent-alias answer without agentAlias.agentId");
            return;
        }

        Keyed(AgentNode(id), "aliasDetails", Json.Str(alias, "agentAliasId") ?? "?", alias);
    }

    private static void Keyed(AssetNode node, string member, string key, JsonObject value)
    {
        if (node.Document[member] is not JsonObject map)
        {
            map = [];
            node.Document[member] = map;
        }

        map[key] = SecretRedactor.RedactObject(value);
        node.Document[member] = Json.Sorted(map);
        node.Described = true;
    }

    private void AgentListKnowledgeBases(JsonNode body)
    {
        foreach (var kb in Json.Objects(body, "knowledgeBaseSummaries"))
        {
            if (Json.Str(kb, "knowledgeBaseId") is not { } id)
            {
                continue;
            }

            var node = KnowledgeBaseNode(id);
            node.Name = Json.Str(kb, "name") ?? node.Name;
            if (!node.Document.ContainsKey("knowledgeBaseArn"))
            {
                node.Merge(kb);
            }
        }
    }

    private void AgentGetKnowledgeBase(JsonNode body)
    {
        if (Json.Obj(body, "knowledgeBase") is not { } kb || Json.Str(kb, "knowledgeBaseId") is not { } id)
        {
            Error("malformed_answer", "get-knowledge-base answer without knowledgeBase.knowledgeBaseId");
            return;
        }

        var node = KnowledgeBaseNode(id);
        node.SetArn(Json.Str(kb, "knowledgeBaseArn"));
        node.Name = Json.Str(kb, "name") ?? node.Name;
        node.Merge(kb);
        AssumesRole(node, Json.Str(kb, "roleArn"));
        var config = Json.Obj(kb, "knowledgeBaseConfiguration");
        UsesModel(node, Json.Str(Json.Obj(config, "vectorKnowledgeBaseConfiguration"), "embeddingModelArn") ??
            Json.Str(Json.Obj(config, "managedKnowledgeBaseConfiguration"), "embeddingModelArn"));
    }

    private AssetNode DataSource(JsonObject ds)
    {
        var kbId = Json.Str(ds, "knowledgeBaseId") ?? "?";
        var id = Json.Str(ds, "dataSourceId") ?? "?";
        var node = Aws(AssetKinds.DataSource, kbId + "/" + id);
        node.Name = Json.Str(ds, "name") ?? node.Name;
        if (kbId != "?")
        {
            var kb = KnowledgeBaseNode(kbId);
            _graph.Edge(kb, node, EdgeTypes.HasDataSource);
            node.Region ??= kb.Region;
        }

        return node;
    }

    private void AgentListDataSources(JsonNode body)
    {
        foreach (var ds in Json.Objects(body, "dataSourceSummaries"))
        {
            var node = DataSource(ds);
            if (!node.Document.ContainsKey("dataSourceConfiguration"))
            {
                node.Merge(ds);
            }
        }
    }

    private void AgentGetDataSource(JsonNode body)
    {
        if (Json.Obj(body, "dataSource") is not { } ds)
        {
            Error("malformed_answer", "get-data-source answer without dataSource");
            return;
        }

        DataSource(ds).Merge(ds);
    }

    private AssetNode ActionGroup(string agentId, string actionGroupId)
    {
        var node = Aws(AssetKinds.ActionGroup, agentId + "/" + actionGroupId);
        _graph.Edge(AgentNode(agentId), node, EdgeTypes.HasActionGroup);
        return node;
    }

    private void AgentListActionGroups(JsonNode body)
    {
        var agent = Parent(AssetKinds.Agent, "list-agent-action-groups");
        foreach (var g in Json.Objects(body, "actionGroupSummaries"))
        {
            if (Json.Str(g, "actionGroupId") is not { } id)
            {
                continue;
            }

            var node = agent is null ? Aws(AssetKinds.ActionGroup, "?/" + id) : ActionGroup(agent.NativeId, id);
            node.Name = Json.Str(g, "actionGroupName") ?? node.Name;
            if (!node.Document.ContainsKey("agentId"))
            {
                node.Merge(g);
            }
        }
    }

    private void AgentGetActionGroup(JsonNode body)
    {
        if (Json.Obj(body, "agentActionGroup") is not { } g || Json.Str(g, "agentId") is not { } agentId || Json.Str(g, "actionGroupId") is not { } id)
        {
            Error("malformed_answer", "get-agent-action-group answer without agentActionGroup.agentId and actionGroupId");
            return;
        }

        var node = ActionGroup(agentId, id);
        node.Name = Json.Str(g, "actionGroupName") ?? node.Name;
        node.Merge(g);
        if (Json.Str(Json.Obj(g, "actionGroupExecutor"), "lambda") is { } lambda)
        {
            _graph.Edge(node, FunctionRef(lambda), EdgeTypes.Calls);
        }
    }

    private void AgentListAgentKnowledgeBases(JsonNode body)
    {
        if (Parent(AssetKinds.Agent, "list-agent-knowledge-bases") is not { } agent)
        {
            return;
        }

        foreach (var kb in Json.Objects(body, "agentKnowledgeBaseSummaries"))
        {
            if (Json.Str(kb, "knowledgeBaseId") is { } id)
            {
                _graph.Edge(agent, KnowledgeBaseNode(id), EdgeTypes.ReadsKnowledgeBase);
            }
        }
    }

    private void AgentGetAgentKnowledgeBase(JsonNode body)
    {
        var kb = Json.Obj(body, "agentKnowledgeBase");
        if (Json.Str(kb, "agentId") is { } agentId && Json.Str(kb, "knowledgeBaseId") is { } id)
        {
            _graph.Edge(AgentNode(agentId), KnowledgeBaseNode(id), EdgeTypes.ReadsKnowledgeBase);
        }
    }

    /// <summary>A supervisor agent calls its collaborators, named by alias ARN (<c>agent-alias/AGENT/ALIAS</c>).</summary>
    private void AgentCollaborators(JsonArray collaborators)
    {
        foreach (var item in collaborators)
        {
            var supervisor = Json.Str(item, "agentId");
            var alias = Json.Str(Json.Obj(item, "agentDescriptor"), "aliasArn");
            if (supervisor is null || !Arn.TryParse(alias, out var arn))
            {
                Error("malformed_answer", "agent collaborator without agentId or agentDescriptor.aliasArn");
                continue;
            }

            var parts = arn.Resource.Split('/');
            if (parts.Length >= 2)
            {
                _graph.Edge(AgentNode(supervisor), AgentNode(parts[1]), EdgeTypes.Calls);
            }
        }
    }
}
