using AiSpm.Scanner.Model;

namespace AiSpm.Admin.Api;

/// <summary>One asset with its edges both ways and its change history, newest first.</summary>
internal sealed record AssetDetailResponse(Asset Asset, IReadOnlyList<Edge> EdgesOut, IReadOnlyList<Edge> EdgesIn, IReadOnlyList<ChangeRecord> Changes);
