namespace AiSpm.Scanner.Model;

/// <summary>The asset kinds, exactly as the asset model names them.</summary>
public static class AssetKinds
{
    public const string Gateway = "gateway";
    public const string Route = "route";
    public const string Key = "key";
    public const string Team = "team";
    public const string Model = "model";
    public const string CustomModel = "custom_model";
    public const string Guardrail = "guardrail";
    public const string InvocationLogging = "invocation_logging";
    public const string Agent = "agent";
    public const string ActionGroup = "action_group";
    public const string KnowledgeBase = "knowledge_base";
    public const string DataSource = "data_source";
    public const string AgentRuntime = "agent_runtime";
    public const string McpGateway = "mcp_gateway";
    public const string Memory = "memory";
    public const string Endpoint = "endpoint";
    public const string Function = "function";
    public const string Role = "role";
    public const string Service = "service";
    public const string Workflow = "workflow";

    public static IReadOnlyList<string> All { get; } =
    [
        Gateway, Route, Key, Team, Model, CustomModel, Guardrail, InvocationLogging, Agent, ActionGroup, KnowledgeBase,
        DataSource, AgentRuntime, McpGateway, Memory, Endpoint, Function, Role, Service, Workflow,
    ];
}
