using AiSpm.Admin.Guardian;

namespace AiSpm.Admin.Api;

/// <summary>The Guardian's configured default mode and its actions, newest first.</summary>
internal sealed record GuardianActionsResponse(string Mode, IReadOnlyList<GuardianAction> Items);
