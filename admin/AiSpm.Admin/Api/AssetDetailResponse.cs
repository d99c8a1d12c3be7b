using AiSpm.Admin.Storage;
using AiSpm.Scanner.Model;

namespace AiSpm.Admin.Api;

/// <summary>One asset with its edges both ways, its change history (newest first) and the findings attributed to it.</summary>
internal sealed record AssetDetailResponse(
    Asset Asset,
    IReadOnlyList<Edge> EdgesOut,
    IReadOnlyList<Edge> EdgesIn,
    IReadOnlyList<ChangeRecord> Changes,
    IReadOnlyList<FindingRecord> Findings);
