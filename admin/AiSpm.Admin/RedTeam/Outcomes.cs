namespace AiSpm.Admin.RedTeam;

/// <summary>The outcome names of <c>RowResult.Outcome</c>.</summary>
internal static class Outcomes
{
    public const string Detected = "detected";
    public const string Missed = "missed";
    public const string Flagged = "flagged";
    public const string Passed = "passed";
    public const string Error = "error";
    public const string Skipped = "skipped";

    public static string Of(bool attack, bool counted) => attack ? (counted ? Detected : Missed) : (counted ? Flagged : Passed);
}
