using System.Text.Json.Nodes;

namespace AiSpm.Fakes;

/// <summary>
/// Answers the fake AWS endpoint and the fake LiteLLM proxy from an estate file
/// (<c>config/hospitality-group-sales.example.json</c>): agents with their models, guardrails, knowledge bases, roles
/// and action groups; the Lambda functions behind them; per-region invocation logging; an X-Ray service graph; and
/// LiteLLM models, teams, keys and guardrails. Every AWS answer is one the botocore models accept (the fake checks).
/// </summary>
public static class HospitalityEstate
{
    private const long T = 1740823200;

    public static JsonObject Load(string path) => JsonNode.Parse(File.ReadAllText(path))!.AsObject();

    public static void Configure(FakeAws aws, FakeLiteLlm lite, JsonObject estate)
    {
        ConfigureAws(aws, estate);
        ConfigureLiteLlm(lite, estate["litellm"]!.AsObject());
    }

    private static string S(JsonNode? n) => n!.GetValue<string>();

    /// <summary>The X-Ray node type of a traced name, the same in the service graph and the trace summaries.</summary>
    private static string ServiceType(string name) => name.StartsWith("bedrock", StringComparison.Ordinal) ? "AWS::Bedrock" : "AWS::Lambda::Function";

    private static IEnumerable<JsonObject> Items(JsonObject o, string name) => o[name] is JsonArray a ? a.Select(x => x!.AsObject()) : [];

    private static JsonArray Arr(IEnumerable<JsonNode> items) => new([.. items]);

    public static void ConfigureAws(FakeAws fake, JsonObject estate)
    {
        var account = S(estate["account"]);
        var home = S(estate["regions"]![0]);
        var off = estate["invocationLoggingOff"]!.AsArray().Select(S).ToHashSet();
        string Arn(string region, string rest) => "arn:aws:bedrock:" + region + ":" + account + ":" + rest;
        string Role(string name) => "arn:aws:iam::" + account + ":role/" + name;
        string Fn(string name) => "arn:aws:lambda:" + home + ":" + account + ":function:" + name;
        bool Home(FakeCall c) => c.Region == home;
        var guardrails = Items(estate, "guardrails").ToList();
        var agents = Items(estate, "agents").ToList();
        var kbs = Items(estate, "knowledgeBases").ToList();
        JsonObject Empty(string key) => new() { [key] = new JsonArray() };

        // Bedrock: the estate lives in its home region; every region answers for invocation logging.
        fake.On("bedrock:ListGuardrails", c => FakeAnswer.Ok(new JsonObject
        {
            ["guardrails"] = !Home(c) ? new JsonArray() : Arr(guardrails
                .Where(g => c.Str("guardrailIdentifier") is null || c.Str("guardrailIdentifier") == S(g["id"]))
                .SelectMany(g => (c.Str("guardrailIdentifier") is null ? ["DRAFT"] : new[] { "DRAFT", "1" }).Select(v => (JsonNode)new JsonObject
                {
                    ["id"] = S(g["id"]),
                    ["arn"] = Arn(home, "guardrail/" + S(g["id"])),
                    ["status"] = "READY",
                    ["name"] = S(g["name"]),
                    ["version"] = v,
                    ["createdAt"] = T,
                    ["updatedAt"] = T,
                }))),
        }));
        fake.On("bedrock:GetGuardrail", c =>
        {
            var g = guardrails.Single(x => S(x["id"]) == c.Str("guardrailIdentifier"));
            var strength = S(g["promptAttack"]);
            return FakeAnswer.Ok(new JsonObject
            {
                ["name"] = S(g["name"]),
                ["guardrailId"] = S(g["id"]),
                ["guardrailArn"] = Arn(home, "guardrail/" + S(g["id"])),
                ["version"] = c.Str("guardrailVersion") ?? "DRAFT",
                ["status"] = "READY",
                ["contentPolicy"] = new JsonObject
                {
                    ["filters"] = new JsonArray(
                        new JsonObject { ["type"] = "PROMPT_ATTACK", ["inputStrength"] = strength, ["outputStrength"] = "NONE" },
                        new JsonObject { ["type"] = "MISCONDUCT", ["inputStrength"] = "HIGH", ["outputStrength"] = "HIGH" }),
                },
                ["createdAt"] = T,
                ["updatedAt"] = T,
                ["blockedInputMessaging"] = "Sorry, I can't help with that.",
                ["blockedOutputsMessaging"] = "Sorry, I can't help with that.",
            });
        });
        fake.On("bedrock:GetModelInvocationLoggingConfiguration", c => FakeAnswer.Ok(off.Contains(c.Region)
            ? new JsonObject()
            : new JsonObject
            {
                ["loggingConfig"] = new JsonObject
                {
                    ["cloudWatchConfig"] = new JsonObject { ["logGroupName"] = "/bedrock/invocations", ["roleArn"] = Role("bedrock-logging-role") },
                    ["textDataDeliveryEnabled"] = true,
                },
            }));
        fake.On("bedrock:ListCustomModels", """{"modelSummaries":[]}""");
        fake.On("bedrock:ListProvisionedModelThroughputs", """{"provisionedModelSummaries":[]}""");
        fake.On("bedrock:ListInferenceProfiles", """{"inferenceProfileSummaries":[]}""");

        // Bedrock Agents.
        JsonObject AgentOf(FakeCall c) => agents.Single(a => S(a["id"]) == c.Str("agentId"));
        fake.On("bedrock-agent:ListAgents", c => FakeAnswer.Ok(new JsonObject
        {
            ["agentSummaries"] = !Home(c) ? new JsonArray() : Arr(agents.Select(a => (JsonNode)new JsonObject
            {
                ["agentId"] = S(a["id"]),
                ["agentName"] = S(a["name"]),
                ["agentStatus"] = "PREPARED",
                ["updatedAt"] = T,
            })),
        }));
        fake.On("bedrock-agent:GetAgent", c =>
        {
            var a = AgentOf(c);
            return FakeAnswer.Ok(new JsonObject
            {
                ["agent"] = new JsonObject
                {
                    ["agentId"] = S(a["id"]),
                    ["agentName"] = S(a["name"]),
                    ["agentArn"] = Arn(home, "agent/" + S(a["id"])),
                    ["agentVersion"] = "DRAFT",
                    ["agentStatus"] = "PREPARED",
                    ["foundationModel"] = S(a["model"]),
                    ["idleSessionTTLInSeconds"] = 600,
                    ["agentResourceRoleArn"] = Role(S(a["role"])),
                    ["createdAt"] = T,
                    ["updatedAt"] = T,
                    ["guardrailConfiguration"] = new JsonObject { ["guardrailIdentifier"] = S(a["guardrail"]), ["guardrailVersion"] = "1" },
                },
            });
        });
        fake.On("bedrock-agent:ListAgentVersions", c => FakeAnswer.Ok(new JsonObject
        {
            ["agentVersionSummaries"] = new JsonArray(new JsonObject
            {
                ["agentName"] = S(AgentOf(c)["name"]),
                ["agentStatus"] = "PREPARED",
                ["agentVersion"] = "DRAFT",
                ["createdAt"] = T,
                ["updatedAt"] = T,
            }),
        }));
        fake.On("bedrock-agent:ListAgentAliases", $$"""{"agentAliasSummaries":[{"agentAliasId":"TSTALIASID","agentAliasName":"live","agentAliasStatus":"PREPARED","createdAt":{{T}},"updatedAt":{{T}} }]}""");
        fake.On("bedrock-agent:ListAgentActionGroups", c => FakeAnswer.Ok(new JsonObject
        {
            ["actionGroupSummaries"] = Arr(Items(AgentOf(c), "actionGroups").Select(g => (JsonNode)new JsonObject
            {
                ["actionGroupId"] = S(g["id"]),
                ["actionGroupName"] = S(g["name"]),
                ["actionGroupState"] = "ENABLED",
                ["updatedAt"] = T,
            })),
        }));
        fake.On("bedrock-agent:GetAgentActionGroup", c =>
        {
            var g = Items(AgentOf(c), "actionGroups").Single(x => S(x["id"]) == c.Str("actionGroupId"));
            return FakeAnswer.Ok(new JsonObject
            {
                ["agentActionGroup"] = new JsonObject
                {
                    ["agentId"] = c.Str("agentId"),
                    ["agentVersion"] = "DRAFT",
                    ["actionGroupId"] = S(g["id"]),
                    ["actionGroupName"] = S(g["name"]),
                    ["createdAt"] = T,
                    ["updatedAt"] = T,
                    ["actionGroupExecutor"] = new JsonObject { ["lambda"] = Fn(S(g["function"])) },
                    ["functionSchema"] = new JsonObject
                    {
                        ["functions"] = Arr(g["tools"]!.AsArray().Select(t => (JsonNode)new JsonObject { ["name"] = S(t), ["description"] = S(t).Replace('_', ' ') })),
                    },
                    ["actionGroupState"] = "ENABLED",
                },
            });
        });
        fake.On("bedrock-agent:ListAgentKnowledgeBases", c => FakeAnswer.Ok(new JsonObject
        {
            ["agentKnowledgeBaseSummaries"] = Arr(AgentOf(c)["knowledgeBases"]!.AsArray().Select(k => (JsonNode)new JsonObject
            {
                ["knowledgeBaseId"] = S(k),
                ["knowledgeBaseState"] = "ENABLED",
                ["updatedAt"] = T,
            })),
        }));
        JsonObject KbOf(FakeCall c) => kbs.Single(k => S(k["id"]) == c.Str("knowledgeBaseId"));
        fake.On("bedrock-agent:ListKnowledgeBases", c => FakeAnswer.Ok(new JsonObject
        {
            ["knowledgeBaseSummaries"] = !Home(c) ? new JsonArray() : Arr(kbs.Select(k => (JsonNode)new JsonObject
            {
                ["knowledgeBaseId"] = S(k["id"]),
                ["name"] = S(k["name"]),
                ["status"] = "ACTIVE",
                ["updatedAt"] = T,
            })),
        }));
        fake.On("bedrock-agent:GetKnowledgeBase", c =>
        {
            var k = KbOf(c);
            return FakeAnswer.Ok(new JsonObject
            {
                ["knowledgeBase"] = new JsonObject
                {
                    ["knowledgeBaseId"] = S(k["id"]),
                    ["name"] = S(k["name"]),
                    ["knowledgeBaseArn"] = Arn(home, "knowledge-base/" + S(k["id"])),
                    ["roleArn"] = Role(S(k["role"])),
                    ["knowledgeBaseConfiguration"] = new JsonObject
                    {
                        ["type"] = "VECTOR",
                        ["vectorKnowledgeBaseConfiguration"] = new JsonObject { ["embeddingModelArn"] = "arn:aws:bedrock:" + home + "::foundation-model/amazon.titan-embed-text-v2:0" },
                    },
                    ["status"] = "ACTIVE",
                    ["createdAt"] = T,
                    ["updatedAt"] = T,
                },
            });
        });
        fake.On("bedrock-agent:ListDataSources", c => FakeAnswer.Ok(new JsonObject
        {
            ["dataSourceSummaries"] = Arr(Items(KbOf(c), "dataSources").Select(d => (JsonNode)new JsonObject
            {
                ["knowledgeBaseId"] = c.Str("knowledgeBaseId"),
                ["dataSourceId"] = S(d["id"]),
                ["name"] = S(d["name"]),
                ["status"] = "AVAILABLE",
                ["updatedAt"] = T,
            })),
        }));
        fake.On("bedrock-agent:GetDataSource", c =>
        {
            var d = Items(KbOf(c), "dataSources").Single(x => S(x["id"]) == c.Str("dataSourceId"));
            var ds = new JsonObject
            {
                ["knowledgeBaseId"] = c.Str("knowledgeBaseId"),
                ["dataSourceId"] = S(d["id"]),
                ["name"] = S(d["name"]),
                ["status"] = "AVAILABLE",
                ["dataSourceConfiguration"] = new JsonObject { ["type"] = "S3", ["s3Configuration"] = new JsonObject { ["bucketArn"] = "arn:aws:s3:::" + S(d["bucket"]) } },
                ["createdAt"] = T,
                ["updatedAt"] = T,
            };
            if (d["kmsKeyArn"] is JsonValue kms)
            {
                ds["serverSideEncryptionConfiguration"] = new JsonObject { ["kmsKeyArn"] = kms.GetValue<string>() };
            }

            return FakeAnswer.Ok(new JsonObject { ["dataSource"] = ds });
        });

        // AgentCore and SageMaker: nothing in this estate.
        fake.On("bedrock-agentcore-control:ListAgentRuntimes", _ => FakeAnswer.Ok(Empty("agentRuntimes")));
        fake.On("bedrock-agentcore-control:ListGateways", _ => FakeAnswer.Ok(Empty("items")));
        fake.On("bedrock-agentcore-control:ListMemories", _ => FakeAnswer.Ok(Empty("memories")));
        fake.On("sagemaker:ListEndpoints", _ => FakeAnswer.Ok(Empty("Endpoints")));
        fake.On("sagemaker:ListModels", _ => FakeAnswer.Ok(Empty("Models")));
        fake.On("sagemaker:ListNotebookInstances", _ => FakeAnswer.Ok(Empty("NotebookInstances")));

        fake.On("lambda:ListFunctions", c => FakeAnswer.Ok(new JsonObject
        {
            ["Functions"] = !Home(c) ? new JsonArray() : Arr(Items(estate, "functions").Select(f =>
            {
                var fn = new JsonObject
                {
                    ["FunctionName"] = S(f["name"]),
                    ["FunctionArn"] = Fn(S(f["name"])),
                    ["Role"] = Role(S(f["role"])),
                    ["Runtime"] = "python3.12",
                };
                if (f["environment"] is JsonObject env)
                {
                    fn["Environment"] = new JsonObject { ["Variables"] = env.DeepClone() };
                }

                return (JsonNode)fn;
            })),
        }));

        // Every function is tagged with the team that owns the estate.
        fake.On("lambda:ListTags", _ => FakeAnswer.Ok(new JsonObject { ["Tags"] = new JsonObject { ["team"] = "group-sales" } }));

        // Sampled trace summaries, one per traced call (count capped), naming both ends.
        fake.On("xray:GetTraceSummaries", c =>
        {
            var summaries = new JsonArray();
            if (Home(c))
            {
                var n = 0;
                foreach (var t in Items(estate, "traces"))
                {
                    for (var i = 0; i < Math.Min(5, t["count"]!.GetValue<int>()); i++)
                    {
                        summaries.Add(new JsonObject
                        {
                            ["Id"] = "1-67c2a000-" + (n++).ToString("x24", System.Globalization.CultureInfo.InvariantCulture),
                            ["Duration"] = 0.5,
                            ["HasFault"] = false,
                            ["HasError"] = false,
                            ["HasThrottle"] = false,
                            ["ServiceIds"] = new JsonArray(
                                new JsonObject { ["Name"] = S(t["from"]), ["Type"] = ServiceType(S(t["from"])) },
                                new JsonObject { ["Name"] = S(t["to"]), ["Type"] = ServiceType(S(t["to"])) }),
                        });
                    }
                }
            }

            return FakeAnswer.Ok(new JsonObject { ["TraceSummaries"] = summaries, ["ApproximateTime"] = T, ["TracesProcessedCount"] = summaries.Count });
        });

        fake.On("xray:GetServiceGraph", c =>
        {
            var names = new List<string>();
            foreach (var t in Items(estate, "traces"))
            {
                foreach (var n in new[] { S(t["from"]), S(t["to"]) })
                {
                    if (!names.Contains(n))
                    {
                        names.Add(n);
                    }
                }
            }

            var services = names.Select((n, i) => (JsonNode)new JsonObject
            {
                ["ReferenceId"] = i,
                ["Name"] = n,
                ["Type"] = ServiceType(n),
                ["Edges"] = Arr(Items(estate, "traces").Where(t => S(t["from"]) == n).Select(t => (JsonNode)new JsonObject
                {
                    ["ReferenceId"] = names.IndexOf(S(t["to"])),
                    ["SummaryStatistics"] = new JsonObject { ["TotalCount"] = t["count"]!.GetValue<int>(), ["OkCount"] = t["count"]!.GetValue<int>() },
                })),
                ["SummaryStatistics"] = new JsonObject { ["TotalCount"] = 100, ["OkCount"] = 100 },
            });
            return FakeAnswer.Ok(new JsonObject
            {
                ["StartTime"] = T,
                ["EndTime"] = T + 3600,
                ["Services"] = Home(c) ? Arr(services) : new JsonArray(),
            });
        });

        // IAM: every role may be assumed by Bedrock or Lambda; the payment function's role holds a wide inline policy.
        fake.On("iam:GetRole", c => FakeAnswer.Ok(new JsonObject
        {
            ["Role"] = new JsonObject
            {
                ["Path"] = "/",
                ["RoleName"] = c.Str("RoleName"),
                ["RoleId"] = "AROA" + c.Str("RoleName")!.Length.ToString("D16", System.Globalization.CultureInfo.InvariantCulture),
                ["Arn"] = Role(c.Str("RoleName")!),
                ["CreateDate"] = "2025-03-01T10:00:00Z",
                ["AssumeRolePolicyDocument"] = Uri.EscapeDataString("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":["bedrock.amazonaws.com","lambda.amazonaws.com"]},"Action":"sts:AssumeRole"}]}"""),
                ["MaxSessionDuration"] = 3600,
            },
        }));
        fake.On("iam:ListAttachedRolePolicies", _ => FakeAnswer.Ok(new JsonObject { ["AttachedPolicies"] = new JsonArray(), ["IsTruncated"] = false }));
        fake.On("iam:ListRolePolicies", _ => FakeAnswer.Ok(new JsonObject { ["PolicyNames"] = new JsonArray("inline"), ["IsTruncated"] = false }));
        fake.On("iam:GetRolePolicy", c => FakeAnswer.Ok(new JsonObject
        {
            ["RoleName"] = c.Str("RoleName"),
            ["PolicyName"] = c.Str("PolicyName"),
            ["PolicyDocument"] = Uri.EscapeDataString(c.Str("RoleName") == "payment-api-role"
                ? """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"""
                : """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["bedrock:InvokeModel","bedrock:Retrieve"],"Resource":"*"}]}"""),
        }));
    }

    public static void ConfigureLiteLlm(FakeLiteLlm fake, JsonObject litellm)
    {
        var models = Arr(Items(litellm, "models").Select((m, i) => (JsonNode)new JsonObject
        {
            ["model_name"] = S(m["name"]),
            ["litellm_params"] = new JsonObject { ["model"] = S(m["model"]) },
            ["model_info"] = new JsonObject { ["id"] = "model-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        }));
        var teams = Arr(Items(litellm, "teams").Select(t => (JsonNode)new JsonObject
        {
            ["team_id"] = S(t["id"]),
            ["team_alias"] = S(t["alias"]),
            ["models"] = t["models"]!.DeepClone(),
            ["max_budget"] = t["maxBudget"]?.DeepClone(),
            ["spend"] = 12.5,
            ["members_with_roles"] = new JsonArray(),
        }));
        var keys = Items(litellm, "keys").Select(k => (JsonNode)new JsonObject
        {
            ["token"] = S(k["token"]),
            ["key_name"] = "sk-...demo",
            ["key_alias"] = S(k["alias"]),
            ["models"] = k["models"]!.DeepClone(),
            ["team_id"] = S(k["team"]),
            ["max_budget"] = k["maxBudget"]?.DeepClone(),
            ["spend"] = 3.0,
            // LiteLLM answers null for a key that never expires.
            ["expires"] = k["expires"]?.DeepClone(),
            ["metadata"] = new JsonObject(),
        }).ToList();
        var guardrails = Arr(Items(litellm, "guardrails").Select(g => (JsonNode)new JsonObject
        {
            ["guardrail_name"] = S(g["name"]),
            ["litellm_params"] = new JsonObject { ["guardrail"] = S(g["guardrail"]), ["mode"] = S(g["mode"]) },
            ["guardrail_info"] = new JsonObject(),
        }));
        fake.Routes["/model/info"] = _ => (200, new JsonObject { ["data"] = models.DeepClone() }.ToJsonString());
        fake.Routes["/team/list"] = _ => (200, teams.ToJsonString());
        fake.Routes["/guardrails/list"] = _ => (200, new JsonObject { ["guardrails"] = guardrails.DeepClone() }.ToJsonString());
        fake.Routes["/key/list"] = request =>
        {
            var page = int.Parse(request.Query["page"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
            var size = int.Parse(request.Query["size"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
            var slice = keys.Skip((page - 1) * size).Take(size).Select(k => k.DeepClone());
            return (200, new JsonObject
            {
                ["keys"] = Arr(slice),
                ["total_count"] = keys.Count,
                ["current_page"] = page,
                ["total_pages"] = Math.Max(1, (keys.Count + size - 1) / size),
            }.ToJsonString());
        };
    }
}
