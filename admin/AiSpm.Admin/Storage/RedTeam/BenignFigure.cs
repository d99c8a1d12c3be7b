namespace AiSpm.Admin.Storage.RedTeam;

/// <summary>Benign rows and how many were flagged.</summary>
internal sealed record BenignFigure(int Total, int Flagged, double Fpr);
