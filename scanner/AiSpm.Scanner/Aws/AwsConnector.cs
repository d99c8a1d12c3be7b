using System.Text.Json.Nodes;
using AiSpm.Scanner.Connectors;
using AiSpm.Scanner.Mapping;
using AiSpm.Scanner.Model;
using static AiSpm.Scanner.Aws.AwsOperations;

namespace AiSpm.Scanner.Aws;

/// <summary>
/// Reads AWS services with <see cref="AwsClient"/> and hands back their answers in the AWS CLI's shape, each detail
/// answer hinted with its parent (as an offline export's file name would be), so that <see cref="EstateMapper"/> maps
/// live and offline scans alike. A failed call is named in the health and the rest go on. A connector that reads IAM
/// runs in phase 1 and resolves the roles the other connectors' answers reference.
/// </summary>
public sealed partial class AwsConnector(AwsConnectorSettings settings, AwsClient client, TimeProvider? time = null) : IDiscoveryConnector
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public string Name => settings.Name;

    public int Phase => settings.Services.Contains("iam") ? 1 : 0;

    public async Task<ConnectorRun> CollectAsync(IReadOnlyList<ProviderAnswer> earlierAnswers, CancellationToken cancellationToken)
    {
        var run = new Run(client, cancellationToken);
        foreach (var region in settings.Regions)
        {
            var work = new List<Task>();
            foreach (var service in settings.Services)
            {
                work.Add(service switch
                {
                    "bedrock" => BedrockAsync(run, region),
                    "bedrock-agent" => BedrockAgentAsync(run, region),
                    "bedrock-agentcore-control" => AgentCoreAsync(run, region),
                    "sagemaker" => SageMakerAsync(run, region),
                    "lambda" => LambdaAsync(run, region),
                    "xray" => XRayAsync(run, region),
                    _ => Task.CompletedTask,
                });
            }

            await Task.WhenAll(work).ConfigureAwait(false);
        }

        if (settings.Services.Contains("iam"))
        {
            var own = run.Answers;
            var all = new List<ProviderAnswer>(earlierAnswers);
            all.AddRange(own);
            await IamAsync(run, all).ConfigureAwait(false);
        }

        if (settings.Services.Contains("lambda"))
        {
            var all = new List<ProviderAnswer>(earlierAnswers);
            all.AddRange(run.Answers);
            await LambdaTagsAsync(run, all).ConfigureAwait(false);
        }

        return new ConnectorRun(run.Answers, run.Failures, run.Succeeded);
    }

    /// <summary>The answers and failures of one collection; calls run concurrently, so both are guarded.</summary>
    private sealed class Run(AwsClient client, CancellationToken cancellationToken)
    {
        private readonly Lock _lock = new();
        private readonly List<ProviderAnswer> _answers = [];
        private readonly List<FailedCall> _failures = [];
        private int _succeeded;

        public List<ProviderAnswer> Answers
        {
            get
            {
                lock (_lock)
                {
                    return [.. _answers];
                }
            }
        }

        public List<FailedCall> Failures
        {
            get
            {
                lock (_lock)
                {
                    return [.. _failures];
                }
            }
        }

        public int Succeeded => Volatile.Read(ref _succeeded);

        /// <summary>Calls one operation (every page); on failure records it and returns null.</summary>
        public async Task<JsonObject?> Call(AwsOperation op, string region, JsonObject? input = null, string? hint = null)
        {
            try
            {
                var answer = await client.CallAsync(op, region, input, cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _succeeded);
                lock (_lock)
                {
                    _answers.Add(new ProviderAnswer(op.Service.CliName, op.CliName, answer, hint, op.Service.Global ? null : region, op.Service.CliName + ":" + op.Name));
                }

                return answer;
            }
            catch (AwsCallException e)
            {
                lock (_lock)
                {
                    _failures.Add(new FailedCall(op.Service.CliName + ":" + op.Name, e.Code, e.Message));
                }

                return null;
            }
        }
    }

    private static IEnumerable<string> Each(JsonObject? answer, string list, string member)
    {
        if (answer?[list] is not JsonArray items)
        {
            yield break;
        }

        foreach (var item in items)
        {
            if (item?[member] is JsonValue v && v.TryGetValue<string>(out var s))
            {
                yield return s;
            }
        }
    }

    private static JsonObject In(params (string Name, string Value)[] members)
    {
        var o = new JsonObject();
        foreach (var (n, v) in members)
        {
            o[n] = v;
        }

        return o;
    }

    private static async Task ForEach(IEnumerable<string> items, Func<string, Task> body)
    {
        var tasks = new List<Task>();
        foreach (var item in items)
        {
            tasks.Add(body(item));
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    private static async Task BedrockAsync(Run run, string region)
    {
        var guardrails = await run.Call(BedrockListGuardrails, region).ConfigureAwait(false);
        await ForEach(Each(guardrails, "guardrails", "id"), async id =>
        {
            // Listing one guardrail lists its versions; each version's full configuration is read.
            var versions = await run.Call(BedrockListGuardrails, region, In(("guardrailIdentifier", id)), id).ConfigureAwait(false);
            await ForEach(Each(versions, "guardrails", "version"), version =>
                run.Call(BedrockGetGuardrail, region, In(("guardrailIdentifier", id), ("guardrailVersion", version)), id)).ConfigureAwait(false);
        }).ConfigureAwait(false);
        await run.Call(BedrockGetModelInvocationLoggingConfiguration, region).ConfigureAwait(false);
        await run.Call(BedrockListCustomModels, region).ConfigureAwait(false);
        await run.Call(BedrockListProvisionedModelThroughputs, region).ConfigureAwait(false);
        await run.Call(BedrockListInferenceProfiles, region).ConfigureAwait(false);
    }

    private static async Task BedrockAgentAsync(Run run, string region)
    {
        var agents = await run.Call(BedrockAgentListAgents, region).ConfigureAwait(false);
        await ForEach(Each(agents, "agentSummaries", "agentId"), async agentId =>
        {
            await run.Call(BedrockAgentGetAgent, region, In(("agentId", agentId)), agentId).ConfigureAwait(false);
            await run.Call(BedrockAgentListAgentVersions, region, In(("agentId", agentId)), agentId).ConfigureAwait(false);
            await run.Call(BedrockAgentListAgentAliases, region, In(("agentId", agentId)), agentId).ConfigureAwait(false);
            var groups = await run.Call(BedrockAgentListAgentActionGroups, region, In(("agentId", agentId), ("agentVersion", "DRAFT")), agentId).ConfigureAwait(false);
            await ForEach(Each(groups, "actionGroupSummaries", "actionGroupId"), groupId =>
                run.Call(BedrockAgentGetAgentActionGroup, region, In(("agentId", agentId), ("agentVersion", "DRAFT"), ("actionGroupId", groupId)), agentId)).ConfigureAwait(false);
            await run.Call(BedrockAgentListAgentKnowledgeBases, region, In(("agentId", agentId), ("agentVersion", "DRAFT")), agentId).ConfigureAwait(false);
        }).ConfigureAwait(false);

        var kbs = await run.Call(BedrockAgentListKnowledgeBases, region).ConfigureAwait(false);
        await ForEach(Each(kbs, "knowledgeBaseSummaries", "knowledgeBaseId"), async kbId =>
        {
            await run.Call(BedrockAgentGetKnowledgeBase, region, In(("knowledgeBaseId", kbId)), kbId).ConfigureAwait(false);
            var sources = await run.Call(BedrockAgentListDataSources, region, In(("knowledgeBaseId", kbId)), kbId).ConfigureAwait(false);
            await ForEach(Each(sources, "dataSourceSummaries", "dataSourceId"), dsId =>
                run.Call(BedrockAgentGetDataSource, region, In(("knowledgeBaseId", kbId), ("dataSourceId", dsId)), kbId)).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private static async Task AgentCoreAsync(Run run, string region)
    {
        var runtimes = await run.Call(AgentCoreListAgentRuntimes, region).ConfigureAwait(false);
        await ForEach(Each(runtimes, "agentRuntimes", "agentRuntimeId"), id =>
            run.Call(AgentCoreGetAgentRuntime, region, In(("agentRuntimeId", id)), id)).ConfigureAwait(false);
        var gateways = await run.Call(AgentCoreListGateways, region).ConfigureAwait(false);
        await ForEach(Each(gateways, "items", "gatewayId"), async id =>
        {
            await run.Call(AgentCoreGetGateway, region, In(("gatewayIdentifier", id)), id).ConfigureAwait(false);
            var targets = await run.Call(AgentCoreListGatewayTargets, region, In(("gatewayIdentifier", id)), id).ConfigureAwait(false);
            await ForEach(Each(targets, "items", "targetId"), targetId =>
                run.Call(AgentCoreGetGatewayTarget, region, In(("gatewayIdentifier", id), ("targetId", targetId)), id)).ConfigureAwait(false);
        }).ConfigureAwait(false);
        var memories = await run.Call(AgentCoreListMemories, region).ConfigureAwait(false);
        await ForEach(Each(memories, "memories", "id"), id =>
            run.Call(AgentCoreGetMemory, region, In(("memoryId", id)), id)).ConfigureAwait(false);
    }

    private static async Task SageMakerAsync(Run run, string region)
    {
        var endpoints = await run.Call(SagemakerListEndpoints, region).ConfigureAwait(false);
        await ForEach(Each(endpoints, "Endpoints", "EndpointName"), async name =>
        {
            var endpoint = await run.Call(SagemakerDescribeEndpoint, region, In(("EndpointName", name)), name).ConfigureAwait(false);
            if (endpoint?["EndpointConfigName"] is JsonValue v && v.TryGetValue<string>(out var config))
            {
                await run.Call(SagemakerDescribeEndpointConfig, region, In(("EndpointConfigName", config)), config).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
        var models = await run.Call(SagemakerListModels, region).ConfigureAwait(false);
        await ForEach(Each(models, "Models", "ModelName"), name =>
            run.Call(SagemakerDescribeModel, region, In(("ModelName", name)), name)).ConfigureAwait(false);
        var notebooks = await run.Call(SagemakerListNotebookInstances, region).ConfigureAwait(false);
        await ForEach(Each(notebooks, "NotebookInstances", "NotebookInstanceName"), name =>
            run.Call(SagemakerDescribeNotebookInstance, region, In(("NotebookInstanceName", name)), name)).ConfigureAwait(false);
    }

    private static Task LambdaAsync(Run run, string region) => run.Call(LambdaListFunctions, region);

    private async Task XRayAsync(Run run, string region)
    {
        var end = _time.GetUtcNow();
        var start = (end - settings.TraceWindow).ToUnixTimeSeconds();
        await run.Call(XrayGetServiceGraph, region, new JsonObject { ["StartTime"] = start, ["EndTime"] = end.ToUnixTimeSeconds() }).ConfigureAwait(false);

        // A sample (X-Ray's own), not every trace: enough for per-service trace, fault, error and throttle counts.
        await run.Call(XrayGetTraceSummaries, region, new JsonObject { ["StartTime"] = start, ["EndTime"] = end.ToUnixTimeSeconds(), ["Sampling"] = true }).ConfigureAwait(false);
    }

    /// <summary>
    /// The tags (owner, team) of the functions that are assets: those an agent or gateway calls, or whose configuration
    /// shows they call models; one whose only sign is its role's permissions has them when this connector also reads
    /// IAM. <c>ListTags</c> rather than <c>GetFunction</c>, which would also hand out a link to download the code.
    /// </summary>
    private static async Task LambdaTagsAsync(Run run, List<ProviderAnswer> answers)
    {
        var mapped = EstateMapper.Map(answers, "lambda-discovery", DateTimeOffset.UnixEpoch);
        var functions = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var a in mapped.Assets)
        {
            if (a.Kind == AssetKinds.Function && Arn.TryParse(a.Id, out var arn) && arn.Region.Length > 0)
            {
                functions.Add(a.Id);
            }
        }

        // Hinted with the function's name, as an export's file would be (lambda.list-tags.NAME.json).
        await ForEach(functions, arn =>
        {
            Arn.TryParse(arn, out var parsed);
            return run.Call(LambdaListTags, parsed.Region, In(("Resource", arn)), parsed.ResourceId);
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// The roles that the other answers reference (execution roles of agents, knowledge bases, runtimes, gateways,
    /// memories, SageMaker models and every listed function), each with its attached and inline policies resolved.
    /// </summary>
    private static async Task IamAsync(Run run, List<ProviderAnswer> answers)
    {
        var mapped = EstateMapper.Map(answers, "iam-discovery", DateTimeOffset.UnixEpoch);
        var roles = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var a in mapped.Assets)
        {
            if (a.Kind == AssetKinds.Role && Arn.TryParse(a.Id, out var arn))
            {
                roles.Add(arn.ResourceId);
            }
        }

        foreach (var a in answers)
        {
            if (a.Service == "lambda")
            {
                foreach (var f in Json.Objects(a.Body, "Functions"))
                {
                    if (Arn.TryParse(Json.Str(f, "Role"), out var arn))
                    {
                        roles.Add(arn.ResourceId);
                    }
                }
            }
        }

        const string region = "us-east-1";
        var policies = new SortedSet<string>(StringComparer.Ordinal);
        var policyLock = new Lock();
        await ForEach(roles, async role =>
        {
            await run.Call(IamGetRole, region, In(("RoleName", role)), role).ConfigureAwait(false);
            var attached = await run.Call(IamListAttachedRolePolicies, region, In(("RoleName", role)), role).ConfigureAwait(false);
            lock (policyLock)
            {
                foreach (var arn in Each(attached, "AttachedPolicies", "PolicyArn"))
                {
                    policies.Add(arn);
                }
            }

            var inline = await run.Call(IamListRolePolicies, region, In(("RoleName", role)), role).ConfigureAwait(false);
            await ForEach(Json.Strings(inline?["PolicyNames"]), name =>
                run.Call(IamGetRolePolicy, region, In(("RoleName", role), ("PolicyName", name)), role)).ConfigureAwait(false);
        }).ConfigureAwait(false);

        await ForEach(policies, async arn =>
        {
            var policy = await run.Call(IamGetPolicy, region, In(("PolicyArn", arn)), arn).ConfigureAwait(false);
            if (Json.Str(Json.Obj(policy, "Policy"), "DefaultVersionId") is { } version)
            {
                await run.Call(IamGetPolicyVersion, region, In(("PolicyArn", arn), ("VersionId", version)), arn).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }
}
