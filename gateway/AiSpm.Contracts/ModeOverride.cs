namespace AiSpm.Contracts;

/// <summary>
/// A mode for the requests that match every non-null selector. Selectors are exact values or globs with a trailing
/// <c>*</c> ("gpt-4o*"); "*" matches anything, including an absent value.
/// </summary>
public sealed record ModeOverride
{
    public string? Route { get; init; }
    public string? Key { get; init; }
    public string? Team { get; init; }
    public string? Model { get; init; }
    /// <summary>monitor | enforce.</summary>
    public required string Mode { get; init; }

    public bool Matches(string? route, string? key, string? team, string? model) =>
        Glob.Matches(Route, route) && Glob.Matches(Key, key) && Glob.Matches(Team, team) && Glob.Matches(Model, model);
}
