namespace AiSpm.Scanner.Model;

/// <summary>The edge types, exactly as the asset model names them.</summary>
public static class EdgeTypes
{
    public const string UsesModel = "uses_model";
    public const string HasGuardrail = "has_guardrail";
    public const string HasActionGroup = "has_action_group";
    public const string ReadsKnowledgeBase = "reads_knowledge_base";
    public const string HasDataSource = "has_data_source";
    public const string AssumesRole = "assumes_role";
    public const string BelongsToTeam = "belongs_to_team";
    public const string AuthenticatesWith = "authenticates_with";
    public const string Calls = "calls";
    public const string RoutesTo = "routes_to";
    public const string Orchestrates = "orchestrates";

    public static IReadOnlyList<string> All { get; } =
    [
        UsesModel, HasGuardrail, HasActionGroup, ReadsKnowledgeBase, HasDataSource, AssumesRole, BelongsToTeam,
        AuthenticatesWith, Calls, RoutesTo, Orchestrates,
    ];
}
