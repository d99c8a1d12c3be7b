using System.Text.Json.Serialization;
using AiSpm.Contracts;

namespace AiSpm.Admin.Storage;

/// <summary>
/// What one ingest did: <see cref="Stored"/> + <see cref="Duplicates"/> + the count of <see cref="Rejected"/> =
/// <see cref="Received"/>. A store only sees valid events; the ingest endpoint adds the ones it rejected.
/// </summary>
internal sealed record IngestResult(int Received, int Stored, int Duplicates)
{
    /// <summary>The invalid events of the batch, in batch order; always present, empty when every event was valid.</summary>
    public IReadOnlyList<RejectedEvent> Rejected { get; init; } = [];

    /// <summary>The events this call stored (not the duplicates), for the live feed.</summary>
    [JsonIgnore]
    public IReadOnlyList<DetectionEvent> StoredEvents { get; init; } = [];
}
