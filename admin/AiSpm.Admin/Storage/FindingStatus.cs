namespace AiSpm.Admin.Storage;

/// <summary>The statuses a finding can have.</summary>
internal static class FindingStatus
{
    public const string Open = "open";
    public const string Acknowledged = "acknowledged";
    public const string Resolved = "resolved";
    public const string Suppressed = "suppressed";

    public static bool IsStatus(string? value) => value is Open or Acknowledged or Resolved or Suppressed;
}
