namespace AiSpm.Posture.Behaviour;

/// <summary>
/// One minute of a gateway's traffic for one (route, model, key, team): the part of the admin's stored
/// <c>TrafficSummary</c> that behaviour baselines read (the posture library does not depend on the gateway's contracts).
/// </summary>
public sealed record TrafficSample
{
    public required DateTimeOffset Minute { get; init; }

    public required string Route { get; init; }

    public string? Model { get; init; }

    public string? Key { get; init; }

    public string? Team { get; init; }

    public long Requests { get; init; }

    public long Status5xx { get; init; }

    public long RateLimited { get; init; }

    public double LatencyP99Ms { get; init; }

    public long WithTraceparent { get; init; }
}
