namespace AiSpm.Admin.Guardian;

/// <summary>The Guardian's mode for findings of one type and/or severity (null matches any).</summary>
internal sealed record GuardianModeOverride(string? Type, string? Severity, string Mode);
