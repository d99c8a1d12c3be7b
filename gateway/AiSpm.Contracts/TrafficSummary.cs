namespace AiSpm.Contracts;

/// <summary>
/// One minute of clean and blocked traffic through one gateway for one (route, model, key, team): how many requests,
/// how they ended, tokens in and out, latency percentiles and how many arrived with a W3C <c>traceparent</c>. Sent so
/// that traffic without detections counts too (behaviour baselines, stale agents, missing trace propagation).
/// </summary>
public sealed record TrafficSummary
{
    /// <summary>The start of the minute (UTC, seconds zero).</summary>
    public required DateTimeOffset Minute { get; init; }

    public required string Route { get; init; }

    public string? Model { get; init; }

    /// <summary>The key alias LiteLLM forwards, or a fingerprint of the client's key; never the key.</summary>
    public string? Key { get; init; }

    public string? Team { get; init; }

    public long Requests { get; init; }

    public long Status2xx { get; init; }

    public long Status4xx { get; init; }

    public long Status5xx { get; init; }

    /// <summary>Answered 403 (a block by the gateway or upstream).</summary>
    public long Blocked { get; init; }

    /// <summary>Answered 429 (a rate or token limit, or the upstream's).</summary>
    public long RateLimited { get; init; }

    public long TokensIn { get; init; }

    public long TokensOut { get; init; }

    public double LatencyP50Ms { get; init; }

    public double LatencyP95Ms { get; init; }

    public double LatencyP99Ms { get; init; }

    public double LatencyMaxMs { get; init; }

    /// <summary>Requests that arrived with a <c>traceparent</c> header (the others got one from the gateway).</summary>
    public long WithTraceparent { get; init; }
}
