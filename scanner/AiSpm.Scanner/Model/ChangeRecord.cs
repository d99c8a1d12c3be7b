namespace AiSpm.Scanner.Model;

/// <summary>What changed on one asset in one scan; <see cref="Fields"/> is empty for additions and removals.</summary>
public sealed record ChangeRecord(string AssetId, ChangeKind Kind, string ScanId, DateTimeOffset At, IReadOnlyList<FieldChange> Fields);
