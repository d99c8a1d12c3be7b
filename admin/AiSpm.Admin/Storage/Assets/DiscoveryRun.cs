using AiSpm.Scanner.Connectors;

namespace AiSpm.Admin.Storage.Assets;

/// <summary>One discovery run: which connectors, why (<c>start</c>, <c>schedule</c>, <c>manual</c>), when, and what
/// it found and changed. <see cref="Status"/> is <c>running</c>, <c>ok</c>, <c>partial</c> or <c>failed</c>.</summary>
internal sealed record DiscoveryRun
{
    public required string Id { get; init; }
    public required string Trigger { get; init; }
    public required IReadOnlyList<string> Connectors { get; init; }
    public required DateTimeOffset Started { get; init; }
    public DateTimeOffset? Finished { get; init; }
    public required string Status { get; init; }
    public int Assets { get; init; }
    public int Edges { get; init; }
    public int Added { get; init; }
    public int Modified { get; init; }
    public int Removed { get; init; }
    public IReadOnlyList<FailedCall> FailedCalls { get; init; } = [];
    public string? Error { get; init; }
}
