namespace AiSpm.Posture.Scoring;

/// <summary>The posture score overall and per account, team and asset (ordinal key order).</summary>
public sealed record ScoreBoard(
    Score Overall,
    IReadOnlyDictionary<string, Score> Accounts,
    IReadOnlyDictionary<string, Score> Teams,
    IReadOnlyDictionary<string, Score> Assets);
