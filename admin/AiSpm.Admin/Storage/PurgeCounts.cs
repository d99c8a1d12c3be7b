namespace AiSpm.Admin.Storage;

/// <summary>What one retention pass deleted.</summary>
internal sealed record PurgeCounts(int Events, int Findings);
