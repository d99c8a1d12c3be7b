namespace AiSpm.Admin.Api;

/// <summary>Every control in force, and the built-in controls refused at start (file, line, reason).</summary>
internal sealed record ControlsResponse(IReadOnlyList<ControlSummary> Items, IReadOnlyList<ControlRefusal> Refused);
