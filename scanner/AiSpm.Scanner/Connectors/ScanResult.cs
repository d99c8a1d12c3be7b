using AiSpm.Scanner.Mapping;
using AiSpm.Scanner.Model;

namespace AiSpm.Scanner.Connectors;

/// <summary>One scan: the assets and edges of every connector that answered, each connector's health, and what the
/// mapping could not use.</summary>
public sealed record ScanResult(
    string ScanId,
    DateTimeOffset At,
    IReadOnlyList<Asset> Assets,
    IReadOnlyList<Edge> Edges,
    IReadOnlyList<ConnectorHealth> Connectors,
    IReadOnlyList<MappingError> Errors);
