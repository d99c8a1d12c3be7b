namespace AiSpm.Admin.Storage.RedTeam;

/// <summary>
/// One row's result: <c>detected</c> or <c>missed</c> (attacks), <c>flagged</c> or <c>passed</c> (benign),
/// <c>error</c> or <c>skipped</c>. <c>Rule</c> is the rule that decided; never the row's text.
/// </summary>
internal sealed record RowResult(string Id, string Category, bool Attack, string Outcome, string? Rule, double LatencyMs, string? Error = null);
