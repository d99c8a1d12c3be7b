namespace AiSpm.Contracts;

/// <summary>The body of <c>POST /spm/api/events:batch</c> (gzip-compressed on the wire).</summary>
public sealed record EventBatch
{
    public required string GatewayId { get; init; }
    public required DetectionEvent[] Events { get; init; }
}
