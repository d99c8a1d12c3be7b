namespace AiSpm.Admin.RedTeam;

/// <summary>A row whose outcome differs between the runs.</summary>
internal sealed record FlippedRow(string Id, string Category, string Before, string After, string? RuleBefore, string? RuleAfter);
