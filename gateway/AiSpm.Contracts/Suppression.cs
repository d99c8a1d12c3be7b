namespace AiSpm.Contracts;

/// <summary>
/// Silences one rule, optionally only for a key, team or model (globs as in <see cref="ModeOverride"/>), and
/// optionally only for one exact matched text, identified by its SHA-256 so the text itself is never stored.
/// </summary>
public sealed record Suppression
{
    public required string RuleId { get; init; }
    public string? Key { get; init; }
    public string? Team { get; init; }
    public string? Model { get; init; }
    /// <summary>Lower-case hex SHA-256 of the matched text.</summary>
    public string? TextSha256 { get; init; }
    public string? Reason { get; init; }

    public bool Matches(string ruleId, string? key, string? team, string? model, string? textSha256Hex) =>
        string.Equals(RuleId, ruleId, StringComparison.Ordinal)
        && Glob.Matches(Key, key) && Glob.Matches(Team, team) && Glob.Matches(Model, model)
        && (TextSha256 is null || string.Equals(TextSha256, textSha256Hex, StringComparison.OrdinalIgnoreCase));
}
