namespace AiSpm.Admin.Storage.Traffic;

internal sealed record TrafficQuery
{
    /// <summary>The longest window one query may span; DynamoDB reads one partition per day of it.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(31);

    public required DateTimeOffset From { get; init; }
    public required DateTimeOffset To { get; init; }
    public string? Route { get; init; }
    public string? Model { get; init; }
    public string? Key { get; init; }
    public string? Team { get; init; }
    public int Limit { get; init; } = 1000;

    public bool Matches(Contracts.TrafficSummary s) =>
        (Route is null || s.Route == Route) && (Model is null || s.Model == Model) && (Key is null || s.Key == Key) && (Team is null || s.Team == Team)
        && s.Minute >= From && s.Minute < To;
}
