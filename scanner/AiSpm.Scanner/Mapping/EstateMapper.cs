using System.Text.Json.Nodes;
using AiSpm.Scanner.Model;

namespace AiSpm.Scanner.Mapping;

/// <summary>
/// Turns provider answers into the asset graph. One instance maps one scan: answers are processed in a fixed order
/// (IAM first, so that functions can be judged by their role's permissions; lists before details, so that details win),
/// then functions and roles are decided once every reference to them is known.
/// </summary>
public sealed partial class EstateMapper
{
    private readonly GraphBuilder _graph = new();
    private readonly List<MappingError> _errors = [];
    private string _source = "";
    private string? _account;
    private string? _region;
    private ProviderAnswer _current = new("", "", null);

    private readonly Dictionary<ProviderAnswer, string> _sources = new(ReferenceEqualityComparer.Instance);

    private static readonly Dictionary<(string, string), Action<EstateMapper, JsonNode>> Handlers = new();

    /// <summary>Every (service, operation) the mapping understands, in processing order.</summary>
    public static IReadOnlyList<(string Service, string Operation)> KnownOperations { get; } = BuildKnown();

    public static bool IsKnown(string service, string operation) => Handlers.ContainsKey((service, operation));

    public static bool IsKnownService(string service)
    {
        foreach (var (s, _) in KnownOperations)
        {
            if (s == service)
            {
                return true;
            }
        }

        return false;
    }

    /// <param name="source">The connector name recorded in each asset's <c>sources</c>.</param>
    public static MappingResult Map(IEnumerable<ProviderAnswer> answers, string source, DateTimeOffset at) =>
        Map([(source, new List<ProviderAnswer>(answers))], at);

    /// <summary>Maps the answers of several connectors together; each asset's <c>sources</c> names the connectors whose answers described or referenced it.</summary>
    public static MappingResult Map(IReadOnlyList<(string Source, IReadOnlyList<ProviderAnswer> Answers)> bySource, DateTimeOffset at)
    {
        var mapper = new EstateMapper();
        var list = new List<ProviderAnswer>();
        foreach (var (source, answers) in bySource)
        {
            foreach (var a in answers)
            {
                list.Add(a);
                mapper._sources[a] = source;
            }
        }

        mapper.LearnDefaults(list);
        var order = new Dictionary<(string, string), int>();
        for (var i = 0; i < KnownOperations.Count; i++)
        {
            order[KnownOperations[i]] = i;
        }

        var indexed = new List<(int Order, int Index, ProviderAnswer Answer)>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            if (order.TryGetValue((list[i].Service, list[i].Operation), out var o))
            {
                indexed.Add((o, i, list[i]));
            }
            else
            {
                mapper._errors.Add(new MappingError(list[i].Origin ?? list[i].Service + " " + list[i].Operation, "unknown_operation",
                    "the scanner does not know " + list[i].Service + " " + list[i].Operation));
            }
        }

        // Answers of one operation are taken in a stable order (live calls finish in any order, files sort by name), so
        // that the same answers always give the same documents.
        var keys = new Dictionary<int, string>(indexed.Count);
        foreach (var (_, index, answer) in indexed)
        {
            keys[index] = (answer.Hint ?? "") + "\n" + (answer.Region ?? "") + "\n" + answer.Body?.ToJsonString();
        }

        indexed.Sort((a, b) => a.Order != b.Order ? a.Order.CompareTo(b.Order) : string.CompareOrdinal(keys[a.Index], keys[b.Index]));
        foreach (var (_, _, answer) in indexed)
        {
            mapper._current = answer;
            mapper._source = mapper._sources[answer];
            if (answer.Body is null)
            {
                mapper.Error("empty_answer", "the answer is empty");
                continue;
            }

            Handlers[(answer.Service, answer.Operation)](mapper, answer.Body);
        }

        mapper.FinishSageMaker();
        mapper.FinishFunctions();
        mapper.FinishRoles();
        mapper.FinishLiteLlm();
        mapper.FinishTemporal();
        var (assets, edges) = mapper._graph.Build(mapper._account, mapper._region, at);
        return new MappingResult(assets, edges, mapper._errors);
    }

    private static List<(string, string)> BuildKnown()
    {
        var list = new List<(string, string)>();
        void Add(string service, string operation, Action<EstateMapper, JsonNode> handler)
        {
            list.Add((service, operation));
            Handlers[(service, operation)] = handler;
        }

        Add("iam", "list-roles", static (m, b) => m.IamListRoles(b));
        Add("iam", "get-account-authorization-details", static (m, b) => m.IamAuthorizationDetails(b));
        Add("iam", "get-role", static (m, b) => m.IamGetRole(b));
        Add("iam", "list-attached-role-policies", static (m, b) => m.IamAttachedPolicies(b));
        Add("iam", "list-role-policies", static (m, b) => m.IamRolePolicyNames(b));
        Add("iam", "get-role-policy", static (m, b) => m.IamGetRolePolicy(b));
        Add("iam", "get-policy", static (m, b) => m.IamGetPolicy(b));
        Add("iam", "get-policy-version", static (m, b) => m.IamGetPolicyVersion(b));

        Add("bedrock", "list-guardrails", static (m, b) => m.BedrockListGuardrails(b));
        Add("bedrock", "get-guardrail", static (m, b) => m.BedrockGetGuardrail(b));
        Add("bedrock", "get-model-invocation-logging-configuration", static (m, b) => m.BedrockInvocationLogging(b));
        Add("bedrock", "list-custom-models", static (m, b) => m.BedrockListCustomModels(b));
        Add("bedrock", "get-custom-model", static (m, b) => m.BedrockGetCustomModel(b));
        Add("bedrock", "list-provisioned-model-throughputs", static (m, b) => m.BedrockListProvisioned(b));
        Add("bedrock", "list-inference-profiles", static (m, b) => m.BedrockListInferenceProfiles(b));

        Add("bedrock-agent", "list-agents", static (m, b) => m.AgentListAgents(b));
        Add("bedrock-agent", "get-agent", static (m, b) => m.AgentGetAgent(b));
        Add("bedrock-agent", "list-agent-versions", static (m, b) => m.AgentListVersions(b));
        Add("bedrock-agent", "get-agent-version", static (m, b) => m.AgentGetVersion(b));
        Add("bedrock-agent", "list-agent-aliases", static (m, b) => m.AgentListAliases(b));
        Add("bedrock-agent", "get-agent-alias", static (m, b) => m.AgentGetAlias(b));
        Add("bedrock-agent", "list-knowledge-bases", static (m, b) => m.AgentListKnowledgeBases(b));
        Add("bedrock-agent", "get-knowledge-base", static (m, b) => m.AgentGetKnowledgeBase(b));
        Add("bedrock-agent", "list-data-sources", static (m, b) => m.AgentListDataSources(b));
        Add("bedrock-agent", "get-data-source", static (m, b) => m.AgentGetDataSource(b));
        Add("bedrock-agent", "list-agent-action-groups", static (m, b) => m.AgentListActionGroups(b));
        Add("bedrock-agent", "get-agent-action-group", static (m, b) => m.AgentGetActionGroup(b));
        Add("bedrock-agent", "list-agent-knowledge-bases", static (m, b) => m.AgentListAgentKnowledgeBases(b));
        Add("bedrock-agent", "get-agent-knowledge-base", static (m, b) => m.AgentGetAgentKnowledgeBase(b));

        Add("bedrock-agentcore-control", "list-agent-runtimes", static (m, b) => m.CoreListRuntimes(b));
        Add("bedrock-agentcore-control", "get-agent-runtime", static (m, b) => m.CoreGetRuntime(b));
        Add("bedrock-agentcore-control", "list-gateways", static (m, b) => m.CoreListGateways(b));
        Add("bedrock-agentcore-control", "get-gateway", static (m, b) => m.CoreGetGateway(b));
        Add("bedrock-agentcore-control", "list-gateway-targets", static (m, b) => m.CoreListTargets(b));
        Add("bedrock-agentcore-control", "get-gateway-target", static (m, b) => m.CoreGetTarget(b));
        Add("bedrock-agentcore-control", "list-memories", static (m, b) => m.CoreListMemories(b));
        Add("bedrock-agentcore-control", "get-memory", static (m, b) => m.CoreGetMemory(b));

        Add("sagemaker", "list-endpoints", static (m, b) => m.SageMakerListEndpoints(b));
        Add("sagemaker", "describe-endpoint", static (m, b) => m.SageMakerDescribeEndpoint(b));
        Add("sagemaker", "list-endpoint-configs", static (m, b) => m.SageMakerListEndpointConfigs(b));
        Add("sagemaker", "describe-endpoint-config", static (m, b) => m.SageMakerDescribeEndpointConfig(b));
        Add("sagemaker", "list-models", static (m, b) => m.SageMakerListModels(b));
        Add("sagemaker", "describe-model", static (m, b) => m.SageMakerDescribeModel(b));
        Add("sagemaker", "list-notebook-instances", static (m, b) => m.SageMakerListNotebooks(b));
        Add("sagemaker", "describe-notebook-instance", static (m, b) => m.SageMakerDescribeNotebook(b));

        Add("lambda", "list-functions", static (m, b) => m.LambdaListFunctions(b));
        Add("lambda", "get-function", static (m, b) => m.LambdaGetFunction(b));
        Add("lambda", "get-function-configuration", static (m, b) => m.LambdaFunctionConfiguration(b as JsonObject));

        Add("xray", "get-service-graph", static (m, b) => m.XRayServiceGraph(b));

        Add("litellm", "model-info", static (m, b) => m.LiteLlmModelInfo(b));
        Add("litellm", "v1-model-info", static (m, b) => m.LiteLlmModelInfo(b));
        Add("litellm", "team-list", static (m, b) => m.LiteLlmTeams(b));
        Add("litellm", "v2-team-list", static (m, b) => m.LiteLlmTeams(b));
        Add("litellm", "key-list", static (m, b) => m.LiteLlmKeys(b));
        Add("litellm", "guardrails-list", static (m, b) => m.LiteLlmGuardrails(b));

        Add("sts", "get-caller-identity", static (m, b) => m.CallerIdentity(b));
        Add("bedrock", "get-inference-profile", static (m, b) => m.InferenceProfile(b.AsObject()));
        Add("bedrock", "get-provisioned-model-throughput", static (m, b) => m.Provisioned(b.AsObject()));
        Add("bedrock-agent", "list-agent-collaborators", static (m, b) => m.AgentCollaborators(Json.Arr(b, "agentCollaboratorSummaries")));
        Add("bedrock-agent", "get-agent-collaborator", static (m, b) => m.AgentCollaborators([b["agentCollaborator"]?.DeepClone()]));
        Add("litellm", "models", static (m, b) => m.LiteLlmModelList(b));
        Add("litellm", "v1-models", static (m, b) => m.LiteLlmModelList(b));
        Add("litellm", "key-info", static (m, b) => m.LiteLlmKeys(new JsonObject { ["keys"] = new JsonArray(Json.Obj(b, "info")?.DeepClone() is JsonObject info ? WithToken(info, Json.Str(b, "key")) : null) }));
        Add("litellm", "team-info", static (m, b) => m.LiteLlmTeams(new JsonArray(Json.Obj(b, "team_info")?.DeepClone())));
        Add("bedrock", "list-foundation-models", static (m, b) => m.BedrockListFoundationModels(b));
        Add("xray", "get-trace-summaries", static (m, b) => m.XRayTraceSummaries(b));
        Add("bedrock", "list-tags-for-resource", static (m, b) => m.Tags(b));
        Add("bedrock-agent", "list-tags-for-resource", static (m, b) => m.Tags(b));
        Add("temporal", "list-workflow-executions", static (m, b) => m.TemporalListWorkflows(b));
        Add("temporal", "get-workflow-execution-history", static (m, b) => m.TemporalHistory(b));
        Add("bedrock-agentcore-control", "list-tags-for-resource", static (m, b) => m.Tags(b));
        Add("sagemaker", "list-tags", static (m, b) => m.Tags(b));
        Add("lambda", "list-tags", static (m, b) => m.Tags(b));
        return list;
    }

    private static JsonObject WithToken(JsonObject info, string? key)
    {
        if (!info.ContainsKey("token") && key is not null)
        {
            info["token"] = key;
        }

        return info;
    }

    private void Error(string code, string message) =>
        _errors.Add(new MappingError(_current.Origin ?? _current.Service + " " + _current.Operation, code, message));

    private string Region => _current.Region ?? _region ?? "";

    private AssetNode Aws(string kind, string nativeId) => _graph.Node(Providers.Aws, kind, nativeId, _source);

    /// <summary>The account and region most answers point at: ARNs name them, file names may name the region.</summary>
    private void LearnDefaults(List<ProviderAnswer> answers)
    {
        var accounts = new Dictionary<string, int>(StringComparer.Ordinal);
        var regions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var a in answers)
        {
            if (CallerAccount(a) is { } caller)
            {
                accounts[caller] = accounts.GetValueOrDefault(caller) + 1000;
            }

            if (a.Region is { Length: > 0 } r)
            {
                regions[r] = regions.GetValueOrDefault(r) + 1;
            }

            if (a.Service != "litellm")
            {
                CountArns(a.Body, accounts, regions, 0);
            }
        }

        // One account, or the caller's account when get-caller-identity says which: otherwise ids are not guessed.
        var bestAccount = 0;
        foreach (var (k, n) in accounts)
        {
            if (n >= 1000 || accounts.Count == 1)
            {
                if (n > bestAccount)
                {
                    bestAccount = n;
                    _account = k;
                }
            }
        }

        var best = 0;
        foreach (var (r, n) in regions)
        {
            if (n > best || (n == best && string.CompareOrdinal(r, _region) < 0))
            {
                best = n;
                _region = r;
            }
        }
    }

    private static void CountArns(JsonNode? node, Dictionary<string, int> accounts, Dictionary<string, int> regions, int depth)
    {
        if (depth > 12)
        {
            return;
        }

        switch (node)
        {
            case JsonObject o:
                foreach (var (_, v) in o)
                {
                    CountArns(v, accounts, regions, depth + 1);
                }

                break;
            case JsonArray arr:
                foreach (var v in arr)
                {
                    CountArns(v, accounts, regions, depth + 1);
                }

                break;
            case JsonValue v when v.TryGetValue<string>(out var s) && Arn.TryParse(s, out var arn):
                if (arn.Account.Length == 12 && arn.Account.All(char.IsAsciiDigit))
                {
                    accounts[arn.Account] = accounts.GetValueOrDefault(arn.Account) + 1;
                }

                if (arn.Region.Length > 0)
                {
                    regions[arn.Region] = regions.GetValueOrDefault(arn.Region) + 1;
                }

                break;
        }
    }

    /// <summary>
    /// Which node of <paramref name="kind"/> an answer without a parent id belongs to: the hint (file-name suffix or
    /// the live connector's parent id) matched against ids, names and ARNs, else the only node of that kind.
    /// </summary>
    private AssetNode? Parent(string kind, string what)
    {
        var hint = _current.Hint;
        AssetNode? only = null;
        var count = 0;
        foreach (var n in _graph.Nodes)
        {
            if (n.Kind != kind || (kind == AssetKinds.Role && n.Provider != Providers.Aws))
            {
                continue;
            }

            count++;
            only = n;
            if (hint is not null && Matches(n, hint))
            {
                return n;
            }
        }

        if (hint is not null && kind == AssetKinds.Role)
        {
            foreach (var part in HintParts(hint))
            {
                if (_roles.ContainsKey(part))
                {
                    return Aws(AssetKinds.Role, part);
                }
            }
        }

        if (count == 1)
        {
            return only;
        }

        Error("unknown_parent", "cannot tell which " + kind + " this " + what + " answer belongs to; name the file " +
            _current.Service + "." + _current.Operation + ".<" + kind + " id or name>.json");
        return null;
    }

    private static IEnumerable<string> HintParts(string hint)
    {
        yield return hint;
        foreach (var p in hint.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            yield return p;
        }
    }

    private static bool Matches(AssetNode n, string hint)
    {
        foreach (var part in HintParts(hint))
        {
            if (part.Equals(n.NativeId, StringComparison.OrdinalIgnoreCase) ||
                (n.Name is not null && part.Equals(n.Name, StringComparison.OrdinalIgnoreCase)) ||
                (n.Arn is not null && part.Equals(n.Arn, StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }
}
