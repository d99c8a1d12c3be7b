namespace AiSpm.Admin.Api;

/// <summary>A control in force with its result counts ("3 guardrails: 1 failing, 2 passing").</summary>
internal sealed record ControlSummary
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    /// <summary>critical | high | medium | low | info.</summary>
    public required string Severity { get; init; }
    public required string ResourceKind { get; init; }
    public IReadOnlyList<string> Frameworks { get; init; } = [];
    /// <summary>builtin | custom.</summary>
    public required string Source { get; init; }
    /// <summary>A custom control's stored version.</summary>
    public long? Version { get; init; }
    public int Passing { get; init; }
    public int Failing { get; init; }
    public int Error { get; init; }
    public int Excepted { get; init; }
}
