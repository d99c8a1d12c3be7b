namespace AiSpm.Admin.Api;

/// <summary>The body of <c>POST guardian/run</c>.</summary>
internal sealed record GuardianRunRequest
{
    /// <summary>Plan only: return what the pass would propose, store and change nothing.</summary>
    public bool DryRun { get; init; }
}
