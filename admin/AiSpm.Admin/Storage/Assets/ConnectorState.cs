using AiSpm.Scanner.Connectors;

namespace AiSpm.Admin.Storage.Assets;

/// <summary>A connector's health as of its last run. <see cref="Status"/> is <c>ok</c>, <c>partial</c> or <c>failed</c>;
/// <see cref="LastError"/> names the first failing call of the last run that had one.</summary>
internal sealed record ConnectorState
{
    public required string Name { get; init; }
    public required string Type { get; init; }
    public required string Status { get; init; }
    public DateTimeOffset? LastRun { get; init; }
    public DateTimeOffset? LastSuccess { get; init; }
    public string? LastError { get; init; }
    public int Assets { get; init; }
    public int Edges { get; init; }
    public IReadOnlyList<FailedCall> FailedCalls { get; init; } = [];
}
