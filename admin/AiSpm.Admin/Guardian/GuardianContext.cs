namespace AiSpm.Admin.Guardian;

/// <summary>What a pass reads from the asset graph before planning, so the planner itself stays pure.</summary>
internal sealed record GuardianContext
{
    public static GuardianContext Empty { get; } = new();

    /// <summary>Asset id to the ids of the Temporal workflows with an <c>orchestrates</c> edge to it.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> WorkflowsOrchestrating { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
}
