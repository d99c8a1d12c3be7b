using System.Text.Json.Serialization;
using AiSpm.Contracts;

namespace AiSpm.Admin.Storage;

/// <summary>What one ingest did: <see cref="Stored"/> + <see cref="Duplicates"/> = <see cref="Received"/>.</summary>
internal sealed record IngestResult(int Received, int Stored, int Duplicates)
{
    /// <summary>The events this call stored (not the duplicates), for the live feed.</summary>
    [JsonIgnore]
    public IReadOnlyList<DetectionEvent> StoredEvents { get; init; } = [];
}
