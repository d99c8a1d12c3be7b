namespace AiSpm.Admin.Api;

/// <summary>One stored version of a custom control.</summary>
internal sealed record ControlVersion(long Version, string By, DateTimeOffset At, bool Deleted);
