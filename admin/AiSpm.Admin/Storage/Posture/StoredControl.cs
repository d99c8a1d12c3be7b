namespace AiSpm.Admin.Storage.Posture;

/// <summary>One version of a custom control as stored: versions are never rewritten, so the history of who changed a
/// control and how stays; a deletion is a version of its own with <see cref="Deleted"/> set.</summary>
internal sealed record StoredControl
{
    public required string Id { get; init; }

    public required long Version { get; init; }

    /// <summary>The Rego source of the control (empty for a deletion).</summary>
    public required string Rego { get; init; }

    /// <summary>The control's own tests (a `_test.rego` module), if it came with any.</summary>
    public string? Test { get; init; }

    public required string By { get; init; }

    public required DateTimeOffset At { get; init; }

    public bool Deleted { get; init; }
}
