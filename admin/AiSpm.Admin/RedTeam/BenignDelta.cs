using AiSpm.Admin.Storage.RedTeam;

namespace AiSpm.Admin.RedTeam;

internal sealed record BenignDelta(BenignFigure Baseline, BenignFigure Run, double FprDelta);
