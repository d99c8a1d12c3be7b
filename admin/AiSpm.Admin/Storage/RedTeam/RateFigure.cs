namespace AiSpm.Admin.Storage.RedTeam;

/// <summary>Attack rows of a category (or carrying a framework tag) and how many were detected.</summary>
internal sealed record RateFigure(string Name, int Total, int Detected, double Rate);
