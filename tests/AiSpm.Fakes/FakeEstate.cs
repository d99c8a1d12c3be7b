using System.Text.Json.Nodes;

namespace AiSpm.Fakes;

/// <summary>A small estate the fake AWS endpoint answers for every operation the AWS connector calls.</summary>
public static class FakeEstate
{
    public const string Account = "123456789012";
    public const string Region = "us-east-1";
    private const long T = 1740823200;
    private static readonly string Arn = "arn:aws:bedrock:" + Region + ":" + Account + ":";

    private static string Policy(string json) => Uri.EscapeDataString(json);

    public static void Configure(FakeAws fake)
    {
        fake.On("bedrock:ListGuardrails", call => FakeAnswer.Ok(new JsonObject
        {
            ["guardrails"] = call.Str("guardrailIdentifier") is null
                ? Json($$"""[{"id":"g1","arn":"{{Arn}}guardrail/g1","status":"READY","name":"strict","version":"DRAFT","createdAt":{{T}},"updatedAt":{{T}} }]""")
                : Json($$"""[{"id":"g1","arn":"{{Arn}}guardrail/g1","status":"READY","name":"strict","version":"DRAFT","createdAt":{{T}},"updatedAt":{{T}} },{"id":"g1","arn":"{{Arn}}guardrail/g1","status":"READY","name":"strict","version":"1","createdAt":{{T}},"updatedAt":{{T}} }]"""),
        }));
        fake.On("bedrock:GetGuardrail", call => FakeAnswer.Ok($$"""
            {"name":"strict","guardrailId":"g1","guardrailArn":"{{Arn}}guardrail/g1","version":"{{call.Str("guardrailVersion")}}","status":"READY",
             "contentPolicy":{"filters":[{"type":"PROMPT_ATTACK","inputStrength":"{{(call.Str("guardrailVersion") == "1" ? "HIGH" : "LOW")}}","outputStrength":"NONE"}]},
             "createdAt":{{T}},"updatedAt":{{T}},"blockedInputMessaging":"no","blockedOutputsMessaging":"no"}
            """));
        fake.On("bedrock:GetModelInvocationLoggingConfiguration", "{}");
        fake.On("bedrock:ListCustomModels", """{"modelSummaries":[]}""");
        fake.On("bedrock:ListProvisionedModelThroughputs", """{"provisionedModelSummaries":[]}""");
        fake.On("bedrock:ListInferenceProfiles", """{"inferenceProfileSummaries":[]}""");

        // Two pages of agents.
        fake.On("bedrock-agent:ListAgents", call => call.Str("nextToken") is null
            ? FakeAnswer.Ok($$"""{"agentSummaries":[{"agentId":"AG1","agentName":"planner","agentStatus":"PREPARED","updatedAt":{{T}} }],"nextToken":"page2"}""")
            : FakeAnswer.Ok($$"""{"agentSummaries":[{"agentId":"AG2","agentName":"pricing","agentStatus":"PREPARED","updatedAt":{{T}} }]}"""));
        fake.On("bedrock-agent:GetAgent", call => FakeAnswer.Ok($$"""
            {"agent":{"agentId":"{{call.Str("agentId")}}","agentName":"{{(call.Str("agentId") == "AG1" ? "planner" : "pricing")}}","agentArn":"{{Arn}}agent/{{call.Str("agentId")}}","agentVersion":"DRAFT",
             "agentStatus":"PREPARED","foundationModel":"anthropic.claude-3-haiku-20240307-v1:0","idleSessionTTLInSeconds":600,
             "agentResourceRoleArn":"arn:aws:iam::{{Account}}:role/agent-{{call.Str("agentId")}}","createdAt":{{T}},"updatedAt":{{T}},
             "guardrailConfiguration":{"guardrailIdentifier":"g1","guardrailVersion":"1"} } }
            """));
        fake.On("bedrock-agent:ListAgentVersions", $$"""{"agentVersionSummaries":[{"agentName":"x","agentStatus":"PREPARED","agentVersion":"DRAFT","createdAt":{{T}},"updatedAt":{{T}} }]}""");
        fake.On("bedrock-agent:ListAgentAliases", $$"""{"agentAliasSummaries":[{"agentAliasId":"TSTALIASID","agentAliasName":"test","agentAliasStatus":"PREPARED","createdAt":{{T}},"updatedAt":{{T}} }]}""");
        fake.On("bedrock-agent:ListAgentActionGroups", call => call.Str("agentId") == "AG2"
            ? FakeAnswer.Ok($$"""{"actionGroupSummaries":[{"actionGroupId":"PAY","actionGroupName":"payments","actionGroupState":"ENABLED","updatedAt":{{T}} }]}""")
            : FakeAnswer.Ok("""{"actionGroupSummaries":[]}"""));
        fake.On("bedrock-agent:GetAgentActionGroup", call => FakeAnswer.Ok($$"""
            {"agentActionGroup":{"agentId":"{{call.Str("agentId")}}","agentVersion":"DRAFT","actionGroupId":"{{call.Str("actionGroupId")}}","actionGroupName":"payments",
             "createdAt":{{T}},"updatedAt":{{T}},"actionGroupExecutor":{"lambda":"arn:aws:lambda:{{Region}}:{{Account}}:function:take-deposit"},"actionGroupState":"ENABLED"} }
            """));
        fake.On("bedrock-agent:ListAgentKnowledgeBases", call => call.Str("agentId") == "AG1"
            ? FakeAnswer.Ok($$"""{"agentKnowledgeBaseSummaries":[{"knowledgeBaseId":"KB1","knowledgeBaseState":"ENABLED","updatedAt":{{T}} }]}""")
            : FakeAnswer.Ok("""{"agentKnowledgeBaseSummaries":[]}"""));
        fake.On("bedrock-agent:ListKnowledgeBases", $$"""{"knowledgeBaseSummaries":[{"knowledgeBaseId":"KB1","name":"menus","status":"ACTIVE","updatedAt":{{T}} }]}""");
        fake.On("bedrock-agent:GetKnowledgeBase", $$"""
            {"knowledgeBase":{"knowledgeBaseId":"KB1","name":"menus","knowledgeBaseArn":"{{Arn}}knowledge-base/KB1","roleArn":"arn:aws:iam::{{Account}}:role/kb-role",
             "knowledgeBaseConfiguration":{"type":"VECTOR","vectorKnowledgeBaseConfiguration":{"embeddingModelArn":"arn:aws:bedrock:{{Region}}::foundation-model/amazon.titan-embed-text-v2:0"} },
             "status":"ACTIVE","createdAt":{{T}},"updatedAt":{{T}} } }
            """);
        fake.On("bedrock-agent:ListDataSources", $$"""{"dataSourceSummaries":[{"knowledgeBaseId":"KB1","dataSourceId":"DS1","name":"menus-s3","status":"AVAILABLE","updatedAt":{{T}} }]}""");
        fake.On("bedrock-agent:GetDataSource", $$"""
            {"dataSource":{"knowledgeBaseId":"KB1","dataSourceId":"DS1","name":"menus-s3","status":"AVAILABLE",
             "dataSourceConfiguration":{"type":"S3","s3Configuration":{"bucketArn":"arn:aws:s3:::menus"} },"createdAt":{{T}},"updatedAt":{{T}} } }
            """);

        var rt = "arn:aws:bedrock-agentcore:" + Region + ":" + Account + ":runtime/rt-1";
        fake.On("bedrock-agentcore-control:ListAgentRuntimes", $$"""{"agentRuntimes":[{"agentRuntimeArn":"{{rt}}","agentRuntimeId":"rt-1","agentRuntimeVersion":"1","agentRuntimeName":"rfp","description":"rfp","lastUpdatedAt":{{T}},"status":"READY"}]}""");
        fake.On("bedrock-agentcore-control:GetAgentRuntime", $$"""
            {"agentRuntimeArn":"{{rt}}","agentRuntimeName":"rfp","agentRuntimeId":"rt-1","agentRuntimeVersion":"1","createdAt":{{T}},"lastUpdatedAt":{{T}},
             "roleArn":"arn:aws:iam::{{Account}}:role/runtime-role","networkConfiguration":{"networkMode":"PUBLIC"},"status":"READY","lifecycleConfiguration":{"idleRuntimeSessionTimeout":900,"maxLifetime":28800},
             "environmentVariables":{"API_TOKEN":"live-token-123"} }
            """);
        fake.On("bedrock-agentcore-control:ListGateways", $$"""{"items":[{"gatewayId":"gw-1","name":"tools","status":"READY","createdAt":{{T}},"updatedAt":{{T}},"authorizerType":"CUSTOM_JWT"}]}""");
        fake.On("bedrock-agentcore-control:GetGateway", $$"""
            {"gatewayArn":"arn:aws:bedrock-agentcore:{{Region}}:{{Account}}:gateway/gw-1","gatewayId":"gw-1","createdAt":{{T}},"updatedAt":{{T}},"status":"READY","name":"tools",
             "roleArn":"arn:aws:iam::{{Account}}:role/gw-role","protocolType":"MCP","authorizerType":"CUSTOM_JWT"}
            """);
        fake.On("bedrock-agentcore-control:ListGatewayTargets", $$"""{"items":[{"targetId":"T1","name":"crm","status":"READY","createdAt":{{T}},"updatedAt":{{T}} }]}""");
        fake.On("bedrock-agentcore-control:GetGatewayTarget", $$"""
            {"gatewayArn":"arn:aws:bedrock-agentcore:{{Region}}:{{Account}}:gateway/gw-1","targetId":"T1","createdAt":{{T}},"updatedAt":{{T}},"status":"READY","name":"crm",
             "targetConfiguration":{"mcp":{"lambda":{"lambdaArn":"arn:aws:lambda:{{Region}}:{{Account}}:function:crm","toolSchema":{"inlinePayload":[{"name":"find","description":"find","inputSchema":{"type":"object"} }]} } } },
             "credentialProviderConfigurations":[{"credentialProviderType":"GATEWAY_IAM_ROLE"}]}
            """);
        fake.On("bedrock-agentcore-control:ListMemories", $$"""{"memories":[{"arn":"arn:aws:bedrock-agentcore:{{Region}}:{{Account}}:memory/mem-1","id":"mem-1","status":"ACTIVE","createdAt":{{T}},"updatedAt":{{T}} }]}""");
        fake.On("bedrock-agentcore-control:GetMemory", $$"""
            {"memory":{"arn":"arn:aws:bedrock-agentcore:{{Region}}:{{Account}}:memory/mem-1","id":"mem-1","name":"sales","eventExpiryDuration":30,"status":"ACTIVE","createdAt":{{T}},"updatedAt":{{T}} } }
            """);

        fake.On("sagemaker:ListEndpoints", $$"""{"Endpoints":[{"EndpointName":"forecast","EndpointArn":"arn:aws:sagemaker:{{Region}}:{{Account}}:endpoint/forecast","CreationTime":{{T}},"LastModifiedTime":{{T}},"EndpointStatus":"InService"}]}""");
        fake.On("sagemaker:DescribeEndpoint", $$"""{"EndpointName":"forecast","EndpointArn":"arn:aws:sagemaker:{{Region}}:{{Account}}:endpoint/forecast","EndpointConfigName":"forecast-cfg","EndpointStatus":"InService","CreationTime":{{T}},"LastModifiedTime":{{T}} }""");
        fake.On("sagemaker:DescribeEndpointConfig", $$"""{"EndpointConfigName":"forecast-cfg","EndpointConfigArn":"arn:aws:sagemaker:{{Region}}:{{Account}}:endpoint-config/forecast-cfg","ProductionVariants":[{"VariantName":"all","ModelName":"forecast-model"}],"CreationTime":{{T}} }""");
        fake.On("sagemaker:ListModels", $$"""{"Models":[{"ModelName":"forecast-model","ModelArn":"arn:aws:sagemaker:{{Region}}:{{Account}}:model/forecast-model","CreationTime":{{T}} }]}""");
        fake.On("sagemaker:DescribeModel", $$"""{"ModelName":"forecast-model","ExecutionRoleArn":"arn:aws:iam::{{Account}}:role/sm-role","CreationTime":{{T}},"ModelArn":"arn:aws:sagemaker:{{Region}}:{{Account}}:model/forecast-model","EnableNetworkIsolation":false}""");
        fake.On("sagemaker:ListNotebookInstances", """{"NotebookInstances":[]}""");

        // Two pages of functions, Lambda style (Marker / NextMarker).
        fake.On("lambda:ListFunctions", call => call.Str("Marker") is null
            ? FakeAnswer.Ok($$"""{"Functions":[{"FunctionName":"take-deposit","FunctionArn":"arn:aws:lambda:{{Region}}:{{Account}}:function:take-deposit","Role":"arn:aws:iam::{{Account}}:role/pay-role","Environment":{"Variables":{"STRIPE_KEY":"sk_live_secret"} } }],"NextMarker":"m2"}""")
            : FakeAnswer.Ok($$"""{"Functions":[{"FunctionName":"crm","FunctionArn":"arn:aws:lambda:{{Region}}:{{Account}}:function:crm","Role":"arn:aws:iam::{{Account}}:role/crm-role"},{"FunctionName":"thumbs","FunctionArn":"arn:aws:lambda:{{Region}}:{{Account}}:function:thumbs","Role":"arn:aws:iam::{{Account}}:role/thumbs-role"},{"FunctionName":"caller","FunctionArn":"arn:aws:lambda:{{Region}}:{{Account}}:function:caller","Role":"arn:aws:iam::{{Account}}:role/caller-role"}]}"""));

        fake.On("lambda:ListTags", call => FakeAnswer.Ok(call.Str("Resource")!.EndsWith(":function:take-deposit", StringComparison.Ordinal)
            ? new JsonObject { ["Tags"] = new JsonObject { ["team"] = "payments", ["cost-center"] = "cc-42" } }
            : new JsonObject { ["Tags"] = new JsonObject() }));

        // One sampled page: two traces through the API and Bedrock, one of them with a fault.
        fake.On("xray:GetTraceSummaries", """
            {"TraceSummaries":[
              {"Id":"1-67c2a000-0123456789abcdef01234567","Duration":0.8,"ResponseTime":0.8,"HasFault":false,"HasError":false,"HasThrottle":false,"ServiceIds":[{"Name":"api","Type":"AWS::Lambda::Function"},{"Name":"bedrock-runtime","Type":"AWS::Bedrock"}]},
              {"Id":"1-67c2a001-0123456789abcdef01234567","Duration":2.1,"ResponseTime":2.1,"HasFault":true,"HasError":false,"HasThrottle":false,"ServiceIds":[{"Name":"api","Type":"AWS::Lambda::Function"},{"Name":"bedrock-runtime","Type":"AWS::Bedrock"}]}],
             "ApproximateTime":1740826800,"TracesProcessedCount":2}
            """);

        fake.On("xray:GetServiceGraph", """
            {"StartTime":1740823200,"EndTime":1740826800,"Services":[
              {"ReferenceId":0,"Name":"api","Type":"AWS::Lambda::Function","Edges":[{"ReferenceId":1,"SummaryStatistics":{"TotalCount":60,"OkCount":60} }],"SummaryStatistics":{"TotalCount":60,"OkCount":60} },
              {"ReferenceId":1,"Name":"bedrock-runtime","Type":"AWS::Bedrock","Edges":[],"SummaryStatistics":{"TotalCount":60,"OkCount":60} }]}
            """);

        fake.On("iam:GetRole", call => FakeAnswer.Ok(new JsonObject
        {
            ["Role"] = new JsonObject
            {
                ["Path"] = "/",
                ["RoleName"] = call.Str("RoleName"),
                ["RoleId"] = "AROA" + call.Str("RoleName")!.Length.ToString("D16"),
                ["Arn"] = "arn:aws:iam::" + Account + ":role/" + call.Str("RoleName"),
                ["CreateDate"] = "2025-03-01T10:00:00Z",
                ["AssumeRolePolicyDocument"] = Policy("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"bedrock.amazonaws.com"},"Action":"sts:AssumeRole"}]}"""),
                ["MaxSessionDuration"] = 3600,
            },
        }));
        fake.On("iam:ListAttachedRolePolicies", call => FakeAnswer.Ok(call.Str("RoleName") == "caller-role"
            ? new JsonObject { ["AttachedPolicies"] = new JsonArray(new JsonObject { ["PolicyName"] = "Invoke", ["PolicyArn"] = "arn:aws:iam::" + Account + ":policy/Invoke" }), ["IsTruncated"] = false }
            : new JsonObject { ["AttachedPolicies"] = new JsonArray(), ["IsTruncated"] = false }));
        fake.On("iam:ListRolePolicies", call => FakeAnswer.Ok(call.Str("RoleName") == "agent-AG1"
            ? new JsonObject { ["PolicyNames"] = new JsonArray("kb"), ["IsTruncated"] = false }
            : new JsonObject { ["PolicyNames"] = new JsonArray(), ["IsTruncated"] = false }));
        fake.On("iam:GetRolePolicy", call => FakeAnswer.Ok(new JsonObject
        {
            ["RoleName"] = call.Str("RoleName"),
            ["PolicyName"] = call.Str("PolicyName"),
            ["PolicyDocument"] = Policy("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"bedrock:Retrieve","Resource":"*"}]}"""),
        }));
        fake.On("iam:GetPolicy", call => FakeAnswer.Ok(new JsonObject
        {
            ["Policy"] = new JsonObject { ["PolicyName"] = "Invoke", ["Arn"] = call.Str("PolicyArn"), ["DefaultVersionId"] = "v3" },
        }));
        fake.On("iam:GetPolicyVersion", call => FakeAnswer.Ok(new JsonObject
        {
            ["PolicyVersion"] = new JsonObject
            {
                ["Document"] = Policy("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["bedrock:InvokeModel"],"Resource":"*"}]}"""),
                ["VersionId"] = call.Str("VersionId"),
                ["IsDefaultVersion"] = true,
            },
        }));
    }

    private static JsonNode Json(string json) => JsonNode.Parse(json)!;
}
