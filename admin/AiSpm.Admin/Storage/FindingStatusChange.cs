namespace AiSpm.Admin.Storage;

/// <summary>A status change with who made it and why.</summary>
internal sealed record FindingStatusChange(string Status, string By, string Reason, DateTimeOffset At);
