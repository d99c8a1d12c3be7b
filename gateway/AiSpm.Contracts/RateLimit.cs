namespace AiSpm.Contracts;

/// <summary>Requests per minute for each distinct key, team or model that matches <see cref="Match"/>.</summary>
public sealed record RateLimit
{
    /// <summary>key | team | model (see <see cref="LimitScope"/>).</summary>
    public required string Scope { get; init; }
    /// <summary>Exact value or glob; "*" applies the limit to each value separately.</summary>
    public string Match { get; init => field = value ?? "*"; } = "*";
    public required int RequestsPerMinute { get; init; }
}
