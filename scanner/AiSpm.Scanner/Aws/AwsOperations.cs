namespace AiSpm.Scanner.Aws;

/// <summary>
/// Every AWS service and operation the scanner calls: the one list from which the scanner's read-only IAM policy is
/// derived (<see cref="IamActions"/>). Paths, query names and paging tokens are those of the botocore models in
/// <c>shared/aws-models</c>.
/// </summary>
public static class AwsOperations
{
    public static readonly AwsService Bedrock = new("bedrock", "BEDROCK", "bedrock", "bedrock", AwsProtocol.RestJson, "2023-04-20", "bedrock");

    public static readonly AwsService BedrockAgent = new("bedrock-agent", "BEDROCK_AGENT", "bedrock-agent", "bedrock", AwsProtocol.RestJson, "2023-06-05", "bedrock");

    public static readonly AwsService AgentCore = new("bedrock-agentcore-control", "BEDROCK_AGENTCORE_CONTROL", "bedrock-agentcore-control", "bedrock-agentcore", AwsProtocol.RestJson, "2023-06-05", "bedrock-agentcore");

    public static readonly AwsService Sagemaker = new("sagemaker", "SAGEMAKER", "api.sagemaker", "sagemaker", AwsProtocol.Json, "2017-07-24", "sagemaker", TargetPrefix: "SageMaker");

    public static readonly AwsService Lambda = new("lambda", "LAMBDA", "lambda", "lambda", AwsProtocol.RestJson, "2015-03-31", "lambda");

    public static readonly AwsService Iam = new("iam", "IAM", "iam", "iam", AwsProtocol.Query, "2010-05-08", "iam", Global: true);

    public static readonly AwsService Xray = new("xray", "XRAY", "xray", "xray", AwsProtocol.RestJson, "2016-04-12", "xray");

    public static readonly AwsOperation BedrockListGuardrails = new(Bedrock, "ListGuardrails", "GET", "/guardrails", Query: new Dictionary<string, string> { ["guardrailIdentifier"] = "guardrailIdentifier", ["maxResults"] = "maxResults", ["nextToken"] = "nextToken" }, InputToken: "nextToken", OutputToken: "nextToken", ResultKey: "guardrails");

    public static readonly AwsOperation BedrockGetGuardrail = new(Bedrock, "GetGuardrail", "GET", "/guardrails/{guardrailIdentifier}", Query: new Dictionary<string, string> { ["guardrailVersion"] = "guardrailVersion" });

    public static readonly AwsOperation BedrockGetModelInvocationLoggingConfiguration = new(Bedrock, "GetModelInvocationLoggingConfiguration", "GET", "/logging/modelinvocations");

    public static readonly AwsOperation BedrockListCustomModels = new(Bedrock, "ListCustomModels", "GET", "/custom-models", Query: new Dictionary<string, string> { ["creationTimeBefore"] = "creationTimeBefore", ["creationTimeAfter"] = "creationTimeAfter", ["nameContains"] = "nameContains", ["baseModelArnEquals"] = "baseModelArnEquals", ["foundationModelArnEquals"] = "foundationModelArnEquals", ["maxResults"] = "maxResults", ["nextToken"] = "nextToken", ["sortBy"] = "sortBy", ["sortOrder"] = "sortOrder", ["isOwned"] = "isOwned", ["modelStatus"] = "modelStatus" }, InputToken: "nextToken", OutputToken: "nextToken", ResultKey: "modelSummaries");

    public static readonly AwsOperation BedrockListProvisionedModelThroughputs = new(Bedrock, "ListProvisionedModelThroughputs", "GET", "/provisioned-model-throughputs", Query: new Dictionary<string, string> { ["creationTimeAfter"] = "creationTimeAfter", ["creationTimeBefore"] = "creationTimeBefore", ["statusEquals"] = "statusEquals", ["modelArnEquals"] = "modelArnEquals", ["nameContains"] = "nameContains", ["maxResults"] = "maxResults", ["nextToken"] = "nextToken", ["sortBy"] = "sortBy", ["sortOrder"] = "sortOrder" }, InputToken: "nextToken", OutputToken: "nextToken", ResultKey: "provisionedModelSummaries");

    public static readonly AwsOperation BedrockListInferenceProfiles = new(Bedrock, "ListInferenceProfiles", "GET", "/inference-profiles", Query: new Dictionary<string, string> { ["maxResults"] = "maxResults", ["nextToken"] = "nextToken", ["typeEquals"] = "type" }, InputToken: "nextToken", OutputToken: "nextToken", ResultKey: "inferenceProfileSummaries");

    public static readonly AwsOperation BedrockAgentListAgents = new(BedrockAgent, "ListAgents", "POST", "/agents/", InputToken: "nextToken", OutputToken: "nextToken", ResultKey: "agentSummaries");

    public static readonly AwsOperation BedrockAgentGetAgent = new(BedrockAgent, "GetAgent", "GET", "/agents/{agentId}/");

    public static readonly AwsOperation BedrockAgentListAgentVersions = new(BedrockAgent, "ListAgentVersions", "POST", "/agents/{agentId}/agentversions/", InputToken: "nextToken", OutputToken: "nextToken", ResultKey: "agentVersionSummaries");

    public static readonly AwsOperation BedrockAgentListAgentAliases = new(BedrockAgent, "ListAgentAliases", "POST", "/agents/{agentId}/agentaliases/", InputToken: "nextToken", OutputToken: "nextToken", ResultKey: "agentAliasSummaries");

    public static readonly AwsOperation BedrockAgentListAgentActionGroups = new(BedrockAgent, "ListAgentActionGroups", "POST", "/agents/{agentId}/agentversions/{agentVersion}/actiongroups/", InputToken: "nextToken", OutputToken: "nextToken", ResultKey: "actionGroupSummaries");

    public static readonly AwsOperation BedrockAgentGetAgentActionGroup = new(BedrockAgent, "GetAgentActionGroup", "GET", "/agents/{agentId}/agentversions/{agentVersion}/actiongroups/{actionGroupId}/");

    public static readonly AwsOperation BedrockAgentListAgentKnowledgeBases = new(BedrockAgent, "ListAgentKnowledgeBases", "POST", "/agents/{agentId}/agentversions/{agentVersion}/knowledgebases/", InputToken: "nextToken", OutputToken: "nextToken", ResultKey: "agentKnowledgeBaseSummaries");

    public static readonly AwsOperation BedrockAgentListKnowledgeBases = new(BedrockAgent, "ListKnowledgeBases", "POST", "/knowledgebases/", InputToken: "nextToken", OutputToken: "nextToken", ResultKey: "knowledgeBaseSummaries");

    public static readonly AwsOperation BedrockAgentGetKnowledgeBase = new(BedrockAgent, "GetKnowledgeBase", "GET", "/knowledgebases/{knowledgeBaseId}");

    public static readonly AwsOperation BedrockAgentListDataSources = new(BedrockAgent, "ListDataSources", "POST", "/knowledgebases/{knowledgeBaseId}/datasources/", InputToken: "nextToken", OutputToken: "nextToken", ResultKey: "dataSourceSummaries");

    public static readonly AwsOperation BedrockAgentGetDataSource = new(BedrockAgent, "GetDataSource", "GET", "/knowledgebases/{knowledgeBaseId}/datasources/{dataSourceId}");

    public static readonly AwsOperation AgentCoreListAgentRuntimes = new(AgentCore, "ListAgentRuntimes", "POST", "/runtimes/", Query: new Dictionary<string, string> { ["maxResults"] = "maxResults", ["nextToken"] = "nextToken" }, InputToken: "nextToken", OutputToken: "nextToken", ResultKey: "agentRuntimes");

    public static readonly AwsOperation AgentCoreGetAgentRuntime = new(AgentCore, "GetAgentRuntime", "GET", "/runtimes/{agentRuntimeId}/", Query: new Dictionary<string, string> { ["agentRuntimeVersion"] = "version" });

    public static readonly AwsOperation AgentCoreListGateways = new(AgentCore, "ListGateways", "GET", "/gateways/", Query: new Dictionary<string, string> { ["maxResults"] = "maxResults", ["nextToken"] = "nextToken" }, InputToken: "nextToken", OutputToken: "nextToken", ResultKey: "items");

    public static readonly AwsOperation AgentCoreGetGateway = new(AgentCore, "GetGateway", "GET", "/gateways/{gatewayIdentifier}/");

    public static readonly AwsOperation AgentCoreListGatewayTargets = new(AgentCore, "ListGatewayTargets", "GET", "/gateways/{gatewayIdentifier}/targets/", Query: new Dictionary<string, string> { ["maxResults"] = "maxResults", ["nextToken"] = "nextToken" }, InputToken: "nextToken", OutputToken: "nextToken", ResultKey: "items");

    public static readonly AwsOperation AgentCoreGetGatewayTarget = new(AgentCore, "GetGatewayTarget", "GET", "/gateways/{gatewayIdentifier}/targets/{targetId}/");

    public static readonly AwsOperation AgentCoreListMemories = new(AgentCore, "ListMemories", "POST", "/memories/", InputToken: "nextToken", OutputToken: "nextToken", ResultKey: "memories");

    public static readonly AwsOperation AgentCoreGetMemory = new(AgentCore, "GetMemory", "GET", "/memories/{memoryId}/details", Query: new Dictionary<string, string> { ["view"] = "view" });

    public static readonly AwsOperation SagemakerListEndpoints = new(Sagemaker, "ListEndpoints", InputToken: "NextToken", OutputToken: "NextToken", ResultKey: "Endpoints");

    public static readonly AwsOperation SagemakerDescribeEndpoint = new(Sagemaker, "DescribeEndpoint");

    public static readonly AwsOperation SagemakerDescribeEndpointConfig = new(Sagemaker, "DescribeEndpointConfig");

    public static readonly AwsOperation SagemakerListModels = new(Sagemaker, "ListModels", InputToken: "NextToken", OutputToken: "NextToken", ResultKey: "Models");

    public static readonly AwsOperation SagemakerDescribeModel = new(Sagemaker, "DescribeModel");

    public static readonly AwsOperation SagemakerListNotebookInstances = new(Sagemaker, "ListNotebookInstances", InputToken: "NextToken", OutputToken: "NextToken", ResultKey: "NotebookInstances");

    public static readonly AwsOperation SagemakerDescribeNotebookInstance = new(Sagemaker, "DescribeNotebookInstance");

    public static readonly AwsOperation LambdaListFunctions = new(Lambda, "ListFunctions", "GET", "/2015-03-31/functions", Query: new Dictionary<string, string> { ["MasterRegion"] = "MasterRegion", ["FunctionVersion"] = "FunctionVersion", ["Marker"] = "Marker", ["MaxItems"] = "MaxItems" }, InputToken: "Marker", OutputToken: "NextMarker", ResultKey: "Functions");

    public static readonly AwsOperation LambdaListTags = new(Lambda, "ListTags", "GET", "/2017-03-31/tags/{Resource}");

    public static readonly AwsOperation IamGetRole = new(Iam, "GetRole");

    public static readonly AwsOperation IamListAttachedRolePolicies = new(Iam, "ListAttachedRolePolicies", InputToken: "Marker", OutputToken: "Marker", ResultKey: "AttachedPolicies");

    public static readonly AwsOperation IamListRolePolicies = new(Iam, "ListRolePolicies", InputToken: "Marker", OutputToken: "Marker", ResultKey: "PolicyNames");

    public static readonly AwsOperation IamGetRolePolicy = new(Iam, "GetRolePolicy");

    public static readonly AwsOperation IamGetPolicy = new(Iam, "GetPolicy");

    public static readonly AwsOperation IamGetPolicyVersion = new(Iam, "GetPolicyVersion");

    public static readonly AwsOperation XrayGetServiceGraph = new(Xray, "GetServiceGraph", "POST", "/ServiceGraph", InputToken: "NextToken", OutputToken: "NextToken", ResultKey: "Services");

    public static readonly AwsOperation XrayGetTraceSummaries = new(Xray, "GetTraceSummaries", "POST", "/TraceSummaries", InputToken: "NextToken", OutputToken: "NextToken", ResultKey: "TraceSummaries");

    /// <summary>Every operation, in the order the connectors call them.</summary>
    public static IReadOnlyList<AwsOperation> All { get; } =
    [
        BedrockListGuardrails,
        BedrockGetGuardrail,
        BedrockGetModelInvocationLoggingConfiguration,
        BedrockListCustomModels,
        BedrockListProvisionedModelThroughputs,
        BedrockListInferenceProfiles,
        BedrockAgentListAgents,
        BedrockAgentGetAgent,
        BedrockAgentListAgentVersions,
        BedrockAgentListAgentAliases,
        BedrockAgentListAgentActionGroups,
        BedrockAgentGetAgentActionGroup,
        BedrockAgentListAgentKnowledgeBases,
        BedrockAgentListKnowledgeBases,
        BedrockAgentGetKnowledgeBase,
        BedrockAgentListDataSources,
        BedrockAgentGetDataSource,
        AgentCoreListAgentRuntimes,
        AgentCoreGetAgentRuntime,
        AgentCoreListGateways,
        AgentCoreGetGateway,
        AgentCoreListGatewayTargets,
        AgentCoreGetGatewayTarget,
        AgentCoreListMemories,
        AgentCoreGetMemory,
        SagemakerListEndpoints,
        SagemakerDescribeEndpoint,
        SagemakerDescribeEndpointConfig,
        SagemakerListModels,
        SagemakerDescribeModel,
        SagemakerListNotebookInstances,
        SagemakerDescribeNotebookInstance,
        LambdaListFunctions,
        LambdaListTags,
        IamGetRole,
        IamListAttachedRolePolicies,
        IamListRolePolicies,
        IamGetRolePolicy,
        IamGetPolicy,
        IamGetPolicyVersion,
        XrayGetServiceGraph,
        XrayGetTraceSummaries,
    ];

    /// <summary>The IAM actions the scanner needs: all read-only, one per operation.</summary>
    public static IReadOnlyList<string> IamActions
    {
        get
        {
            var set = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var op in All)
            {
                set.Add(op.IamAction);
            }

            return [.. set];
        }
    }

    public static IReadOnlyList<AwsService> Services { get; } = [Bedrock, BedrockAgent, AgentCore, Sagemaker, Lambda, Iam, Xray];

    public static AwsService? ServiceByCliName(string name)
    {
        foreach (var s in Services)
        {
            if (s.CliName == name)
            {
                return s;
            }
        }

        return null;
    }
}
