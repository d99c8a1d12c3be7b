namespace AiSpm.Contracts;

/// <summary>The body of <c>POST /spm/api/traffic:batch</c> (gzip-compressed on the wire). Idempotent: a summary sent
/// twice replaces itself, keyed by gateway, minute, route, model, key and team.</summary>
public sealed record TrafficBatch
{
    public required string GatewayId { get; init; }
    public required TrafficSummary[] Summaries { get; init; }
}
