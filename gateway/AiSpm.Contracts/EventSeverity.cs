namespace AiSpm.Contracts;

/// <summary>The severity strings of <see cref="DetectionEvent.Severity"/>, lowest first.</summary>
public static class EventSeverity
{
    public const string Info = "info";
    public const string Low = "low";
    public const string Medium = "medium";
    public const string High = "high";
    public const string Critical = "critical";

    /// <summary>0 (info) to 4 (critical), or -1 for anything else.</summary>
    public static int Rank(string? severity) => severity switch
    {
        Info => 0,
        Low => 1,
        Medium => 2,
        High => 3,
        Critical => 4,
        _ => -1,
    };

    public static string FromRank(int rank) => rank switch
    {
        <= 0 => Info,
        1 => Low,
        2 => Medium,
        3 => High,
        _ => Critical,
    };
}
