using AiSpm.Admin.Storage.Posture;

namespace AiSpm.Admin.Api;

/// <summary>A dry run: the control's counts and its result on every resource of its kind; nothing is stored.</summary>
internal sealed record ControlEvaluateResponse(ControlSummary Control, IReadOnlyList<StoredResult> Results);
