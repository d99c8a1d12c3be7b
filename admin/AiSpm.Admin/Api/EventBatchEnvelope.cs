using System.Text.Json;

namespace AiSpm.Admin.Api;

/// <summary>
/// The outer shape of an ingest body, read strictly, with each event left as raw JSON: a malformed document is an
/// envelope error (nothing stored), while an event that does not bind or validate is rejected alone.
/// </summary>
internal sealed record EventBatchEnvelope
{
    public required string GatewayId { get; init; }
    public required JsonElement[] Events { get; init; }
}
