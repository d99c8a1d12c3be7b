namespace AiSpm.Gateway.RulePacks;

/// <summary>What the last reload attempt did, for /readyz. Replaced as a whole.</summary>
internal sealed record RuleReloadStatus(string Result, DateTimeOffset? At, IReadOnlyList<string> Errors)
{
    public static RuleReloadStatus None { get; } = new("none", null, []);
}
