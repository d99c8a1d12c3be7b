using System.Text.Json.Nodes;
using AiSpm.Scanner.Documents;
using AiSpm.Scanner.Mapping;
using AiSpm.Scanner.Model;
using AiSpm.Scanner.Offline;

namespace AiSpm.Scanner.Tests.Offline;

public sealed class OfflineScanTests
{
    private const string Account = "123456789012";
    private static readonly string Estate = Path.Combine(AppContext.BaseDirectory, "Exports", "estate");

    private static (MappingResult Result, List<MappingError> ReadErrors) Scan()
    {
        var (answers, errors) = OfflineExport.Read(Estate);
        return (EstateMapper.Map(answers, "offline", DateTimeOffset.UnixEpoch), errors);
    }

    private static Asset AssetById(MappingResult r, string id) =>
        r.Assets.SingleOrDefault(a => a.Id == id) ?? throw new Xunit.Sdk.XunitException("no asset " + id + "; have:\n" + string.Join("\n", r.Assets.Select(a => a.Id)));

    private static void HasEdge(MappingResult r, string from, string type, string to) =>
        Assert.True(r.Edges.Contains(new Edge(from, to, type)),
            "missing edge " + from + " -" + type + "-> " + to + "; have:\n" + string.Join("\n", r.Edges.Select(e => e.From + " -" + e.Type + "-> " + e.To)));

    [Fact]
    public void AgentsAreJoinedToTheirModelsGuardrailsKnowledgeBasesRolesAndTools()
    {
        var (r, _) = Scan();
        var planner = "arn:aws:bedrock:us-east-1:" + Account + ":agent/PLANNER01";
        var pricing = "arn:aws:bedrock:us-east-1:" + Account + ":agent/PRICING01";
        Assert.Equal("agent", AssetById(r, planner).Kind);
        HasEdge(r, planner, "uses_model", "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0");
        HasEdge(r, planner, "has_guardrail", "arn:aws:bedrock:us-east-1:" + Account + ":guardrail/gr2weak");
        HasEdge(r, planner, "reads_knowledge_base", "arn:aws:bedrock:us-east-1:" + Account + ":knowledge-base/KBMENU001");
        HasEdge(r, planner, "assumes_role", "arn:aws:iam::" + Account + ":role/service-role/AmazonBedrockExecutionRoleForAgents_planner");
        HasEdge(r, pricing, "uses_model", "arn:aws:bedrock:us-east-1:" + Account + ":inference-profile/us.anthropic.claude-3-5-sonnet-20240620-v1:0");
        HasEdge(r, pricing, "has_guardrail", "arn:aws:bedrock:us-east-1:" + Account + ":guardrail/gr1strong");
        HasEdge(r, pricing, "has_action_group", "aws:action_group:PRICING01/AGPAY0001");
        HasEdge(r, pricing, "calls", planner);
        HasEdge(r, "aws:action_group:PRICING01/AGPAY0001", "calls", "arn:aws:lambda:us-east-1:" + Account + ":function:take-deposit");
        HasEdge(r, "arn:aws:bedrock:us-east-1:" + Account + ":knowledge-base/KBMENU001", "has_data_source", "aws:data_source:KBMENU001/DSMENU001");
        HasEdge(r, "arn:aws:bedrock:us-east-1:" + Account + ":knowledge-base/KBMENU001", "uses_model", "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0");
        HasEdge(r, "arn:aws:bedrock:us-east-1:" + Account + ":inference-profile/us.anthropic.claude-3-5-sonnet-20240620-v1:0", "routes_to",
            "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0");
    }

    [Fact]
    public void AgentCoreSageMakerXRayAndLiteLlmAssetsAndEdgesAreFound()
    {
        var (r, _) = Scan();
        var runtime = "arn:aws:bedrock-agentcore:us-east-1:" + Account + ":runtime/rfp_qualifier-AbC123";
        var gateway = "arn:aws:bedrock-agentcore:us-east-1:" + Account + ":gateway/sales-tools-gw-xyz";
        Assert.Equal("PUBLIC", AssetById(r, runtime).Document["networkConfiguration"]!["networkMode"]!.GetValue<string>());
        HasEdge(r, runtime, "assumes_role", "arn:aws:iam::" + Account + ":role/AgentCoreRuntimeRole");
        Assert.Equal("mcp_gateway", AssetById(r, gateway).Kind);
        HasEdge(r, gateway, "has_action_group", "aws:action_group:gateway/sales-tools-gw-xyz/TGTCRM01");
        HasEdge(r, "aws:action_group:gateway/sales-tools-gw-xyz/TGTCRM01", "calls", "arn:aws:lambda:us-east-1:" + Account + ":function:crm-lookup");
        HasEdge(r, "arn:aws:bedrock-agentcore:us-east-1:" + Account + ":memory/sales_memory-Xy12", "assumes_role", "arn:aws:iam::" + Account + ":role/AgentCoreMemoryRole");

        var endpoint = AssetById(r, "arn:aws:sagemaker:us-east-1:" + Account + ":endpoint/demand-forecast");
        Assert.False(endpoint.Document["endpointConfig"]!["DataCaptureConfig"]!["EnableCapture"]!.GetValue<bool>());
        HasEdge(r, endpoint.Id, "uses_model", "arn:aws:sagemaker:us-east-1:" + Account + ":model/demand-forecast-model");
        Assert.Equal("endpoint", AssetById(r, "arn:aws:sagemaker:us-east-1:" + Account + ":notebook-instance/data-science").Kind);

        var api = r.Assets.Single(a => a.Kind == "service" && a.Name == "banquet-api");
        var bedrock = r.Assets.Single(a => a.Kind == "service" && a.Name == "bedrock-runtime");
        HasEdge(r, api.Id, "calls", bedrock.Id);
        var baseline = bedrock.Document["baseline"]!;
        Assert.Equal(120, baseline["requests"]!.GetValue<double>());
        Assert.Equal(0.05, baseline["throttleRate"]!.GetValue<double>(), 6);
        // 60 of 120 answers took 0.5 s or less, 114 took 1 s or less.
        Assert.Equal(0.5, baseline["p50Seconds"]!.GetValue<double>());
        Assert.Equal(1.0, baseline["p95Seconds"]!.GetValue<double>());
        Assert.Equal(2.0, baseline["callsPerMinute"]!.GetValue<double>(), 6);

        HasEdge(r, "litellm:route:claude-sonnet", "routes_to", "litellm:model:bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0");
        HasEdge(r, "litellm:route:claude-sonnet", "routes_to", "litellm:model:anthropic/claude-3-5-sonnet-20240620");
        var salesKey = r.Assets.Single(a => a.Kind == "key" && a.Name == "sales-bot");
        HasEdge(r, salesKey.Id, "belongs_to_team", "litellm:team:team-sales");
        HasEdge(r, salesKey.Id, "uses_model", "litellm:route:gpt-4o");
        Assert.DoesNotContain(r.Edges, e => e.From == salesKey.Id && e.To == "litellm:route:claude-sonnet");
        Assert.Equal("group-sales", salesKey.Owner);
        var everything = r.Assets.Single(a => a.Kind == "key" && a.Name == "everything");
        HasEdge(r, everything.Id, "uses_model", "litellm:route:claude-sonnet");
        HasEdge(r, everything.Id, "uses_model", "litellm:route:gpt-4o");
        HasEdge(r, "litellm:gateway:proxy", "has_guardrail", "litellm:guardrail:presidio-pii");
    }

    [Fact]
    public void TemporalExportsBecomeWorkflowsThatOrchestrateTheAgentsAndFunctionsTheirActivitiesName()
    {
        var (r, errors) = Scan();
        Assert.DoesNotContain(errors, e => e.Origin.StartsWith("temporal", StringComparison.Ordinal));
        Assert.DoesNotContain(r.Errors, e => e.Origin.StartsWith("temporal", StringComparison.Ordinal));
        var workflow = AssetById(r, "temporal:workflow:group-sales/GroupRfpToContract");
        Assert.Equal(("workflow", "temporal"), (workflow.Kind, workflow.Provider));
        Assert.Equal(3, (int)workflow.Document["executions"]!["total"]!);
        Assert.Equal(1, (int)workflow.Document["executions"]!["failed"]!);
        Assert.Equal("group-sales", (string)workflow.Document["namespace"]!);
        HasEdge(r, workflow.Id, "orchestrates", "arn:aws:bedrock:us-east-1:" + Account + ":agent/PLANNER01");
        HasEdge(r, workflow.Id, "orchestrates", "arn:aws:lambda:us-east-1:" + Account + ":function:take-deposit");
        // The agent's input text and the encrypted payload are read for references only, never kept.
        Assert.DoesNotContain("plan the banquet", workflow.Document.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void GuardrailsKeepEveryVersionAndLoggingIsOnePerRegion()
    {
        var (r, _) = Scan();
        var weak = AssetById(r, "arn:aws:bedrock:us-east-1:" + Account + ":guardrail/gr2weak");
        Assert.Equal("LOW", weak.Document["contentPolicy"]!["filters"]![0]!["inputStrength"]!.GetValue<string>());
        var strong = AssetById(r, "arn:aws:bedrock:us-east-1:" + Account + ":guardrail/gr1strong");
        Assert.Equal(["1", "DRAFT"], strong.Document["versions"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));

        var on = AssetById(r, "aws:invocation_logging:" + Account + ":us-east-1");
        var off = AssetById(r, "aws:invocation_logging:" + Account + ":eu-west-1");
        Assert.NotNull(on.Document["loggingConfig"]);
        Assert.Null(off.Document["loggingConfig"]);
        Assert.Equal("eu-west-1", off.Region);
        Assert.Equal("custom_model", r.Assets.Single(a => a.Name == "menu-tuned").Kind);
    }

    [Fact]
    public void OnlyFunctionsThatCallModelsBecomeAssetsEachWithItsReason()
    {
        var (r, _) = Scan();
        var functions = r.Assets.Where(a => a.Kind == "function").ToDictionary(a => a.Name);
        Assert.Equal(["chat-proxy", "crm-lookup", "invoker", "menu-summarizer", "rag-helper", "take-deposit"], functions.Keys.Order(StringComparer.Ordinal));
        static string Reasons(Asset a) => string.Join("|", a.Document["aispmRecognition"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Contains("OPENAI_API_KEY", Reasons(functions["chat-proxy"]), StringComparison.Ordinal);
        Assert.Contains("anthropic.claude-3-haiku", Reasons(functions["menu-summarizer"]), StringComparison.Ordinal);
        Assert.Contains("langchain", Reasons(functions["rag-helper"]), StringComparison.Ordinal);
        Assert.Contains("bedrock:InvokeModelWithResponseStream", Reasons(functions["invoker"]), StringComparison.Ordinal);
        Assert.Contains("action group", Reasons(functions["take-deposit"]), StringComparison.Ordinal);
        HasEdge(r, functions["menu-summarizer"].Id, "uses_model", "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0");
        HasEdge(r, functions["invoker"].Id, "assumes_role", "arn:aws:iam::" + Account + ":role/invoker-role");
    }

    [Fact]
    public void RolesHoldTheirAttachedAndInlinePoliciesResolvedToStatements()
    {
        var (r, _) = Scan();
        var role = AssetById(r, "arn:aws:iam::" + Account + ":role/service-role/AmazonBedrockExecutionRoleForAgents_planner");
        var statements = role.Document["Statements"]!.AsArray();
        Assert.Contains(statements, s => s!["policy"]!.GetValue<string>() == "arn:aws:iam::" + Account + ":policy/PlannerModelAccess" && s["Action"]![0]!.GetValue<string>() == "bedrock:InvokeModel*");
        Assert.Contains(statements, s => s!["policy"]!.GetValue<string>() == "kb-read" && s["Action"]!.GetValue<string>() == "bedrock:Retrieve");
        Assert.Equal("events", role.Owner);
        Assert.Null(role.Region);
    }

    [Fact]
    public void SecretsAreRemovedFromDocumentsAndNamesKept()
    {
        var (r, _) = Scan();
        var all = string.Join("\n", r.Assets.Select(a => a.Document.ToJsonString()));
        foreach (var secret in new[] { "sk_live_51Habc", "sk-proj-abcdef123456", "crm-live-7f3a9b2c", "hunter2", "sk-proj-REALKEY", "wJalrXUtnFEMI", "sk-ant-api03-xyz" })
        {
            Assert.DoesNotContain(secret, all, StringComparison.Ordinal);
        }

        var deposit = r.Assets.Single(a => a.Kind == "function" && a.Name == "take-deposit");
        Assert.Equal(SecretRedactor.Marker, deposit.Document["Environment"]!["Variables"]!["STRIPE_SECRET"]!.GetValue<string>());
        var model = AssetById(r, "arn:aws:sagemaker:us-east-1:" + Account + ":model/demand-forecast-model");
        Assert.Equal(SecretRedactor.Marker, model.Document["PrimaryContainer"]!["Environment"]!["SAGEMAKER_PROGRAM"]!.GetValue<string>());
        // A reference to a secret is not a secret: the knowledge base keeps its Secrets Manager ARN.
        Assert.Contains("secret:pinecone", AssetById(r, "arn:aws:bedrock:us-east-1:" + Account + ":knowledge-base/KBMENU001").Document.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TagsSetOwnersAndRegionFoldersSetRegions()
    {
        var (r, _) = Scan();
        var planner = AssetById(r, "arn:aws:bedrock:us-east-1:" + Account + ":agent/PLANNER01");
        Assert.Equal("events-planning", planner.Owner);
        Assert.Equal("42", planner.Tags["cost-center"]);
        Assert.Equal("payments-team", r.Assets.Single(a => a.Kind == "function" && a.Name == "take-deposit").Owner);
        Assert.Equal("eu-west-1", AssetById(r, "arn:aws:bedrock:eu-west-1:" + Account + ":guardrail/greu0001").Region);
    }

    [Fact]
    public void FilesItDoesNotKnowAreErrorsNotSkipped()
    {
        var (r, readErrors) = Scan();
        Assert.Contains(readErrors, e => e.Origin == "notes.txt");
        Assert.Contains(readErrors, e => e.Origin == "bedrock.list-evaluation-jobs.json" && e.Code == "unknown_operation");
        Assert.Contains(readErrors, e => e.Origin == "bedrock-agent.get-agent.truncated.json" && e.Code == "malformed_json");
        Assert.Empty(r.Errors);
    }

    [Fact]
    public void EveryKindAndEdgeTypeIsOneOfTheModelsNames()
    {
        var (r, _) = Scan();
        Assert.All(r.Assets, a => Assert.Contains(a.Kind, AssetKinds.All));
        Assert.All(r.Edges, e => Assert.Contains(e.Type, EdgeTypes.All));
        var ids = r.Assets.Select(a => a.Id).ToHashSet();
        Assert.All(r.Edges, e => Assert.True(ids.Contains(e.From) && ids.Contains(e.To), e.ToString()));
        Assert.True(r.Assets.Select(a => a.Kind).Distinct().Count() >= 15);
    }

    [Fact]
    public void AnAnswerWithoutItsParentIsReportedWhenTheParentIsAmbiguous()
    {
        var answers = new List<ProviderAnswer>
        {
            new("bedrock-agent", "list-agents", JsonNode.Parse("""{"agentSummaries":[{"agentId":"A1","agentName":"one"},{"agentId":"A2","agentName":"two"}]}"""), Origin: "list"),
            new("bedrock-agent", "list-agent-action-groups", JsonNode.Parse("""{"actionGroupSummaries":[{"actionGroupId":"G1","actionGroupName":"g"}]}"""), "export", Origin: "groups"),
            new("bedrock-agent", "list-agent-action-groups", JsonNode.Parse("""{"actionGroupSummaries":[{"actionGroupId":"G2","actionGroupName":"h"}]}"""), "two", Origin: "groups-two"),
        };
        var r = EstateMapper.Map(answers, "offline", DateTimeOffset.UnixEpoch);
        Assert.Contains(r.Errors, e => e.Origin == "groups" && e.Code == "unknown_parent");
        Assert.Contains(r.Edges, e => e.From == "aws:agent:A2" && e.To == "aws:action_group:A2/G2" && e.Type == "has_action_group");
        Assert.Contains(r.Assets, a => a.Id == "aws:action_group:?/G1");
    }
}
