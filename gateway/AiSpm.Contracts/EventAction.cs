namespace AiSpm.Contracts;

/// <summary>The strings of <see cref="DetectionEvent.Action"/>, <see cref="DetectionEvent.Phase"/> and modes.</summary>
public static class EventAction
{
    public const string Flagged = "flagged";
    public const string Blocked = "blocked";
    public const string Redacted = "redacted";
    public const string Allowed = "allowed";

    public const string PhaseRequest = "request";
    public const string PhaseResponse = "response";

    public static bool IsAction(string? value) => value is Flagged or Blocked or Redacted or Allowed;

    public static bool IsPhase(string? value) => value is PhaseRequest or PhaseResponse;
}
