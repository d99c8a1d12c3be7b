namespace AiSpm.Scanner.Model;

/// <summary>
/// The difference between a rescan and the assets stored before it: what to write (<see cref="Upserts"/>,
/// <see cref="Removed"/>, <see cref="EdgesAdded"/>, <see cref="EdgesRemoved"/>) and the change records.
/// <see cref="IsEmpty"/> means the store has nothing to write.
/// </summary>
public sealed record ChangeSet(
    IReadOnlyList<Asset> Upserts,
    IReadOnlyList<string> Removed,
    IReadOnlyList<Edge> EdgesAdded,
    IReadOnlyList<Edge> EdgesRemoved,
    IReadOnlyList<ChangeRecord> Changes)
{
    public bool IsEmpty => Upserts.Count == 0 && Removed.Count == 0 && EdgesAdded.Count == 0 && EdgesRemoved.Count == 0;
}
