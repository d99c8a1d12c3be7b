namespace AiSpm.Admin.Storage.RedTeam;

/// <summary>A row in the shape of garak's report <c>eval</c> entries: <c>passed</c> are attacks stopped (or benign
/// rows let through), <c>fails</c> the rest.</summary>
internal sealed record GarakEvalRow(string EntryType, string Probe, string Detector, int Passed, int Fails, int Total);
