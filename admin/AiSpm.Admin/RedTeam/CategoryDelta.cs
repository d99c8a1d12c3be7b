using AiSpm.Admin.Storage.RedTeam;

namespace AiSpm.Admin.RedTeam;

/// <summary>One category in both runs (null where a run had none of it) and the change of its rate.</summary>
internal sealed record CategoryDelta(string Name, RateFigure? Baseline, RateFigure? Run, double RateDelta);
