namespace AiSpm.Posture.Controls;

/// <summary>A control's severity; it weighs the control's results in every score.</summary>
public enum Severity
{
    Info,
    Low,
    Medium,
    High,
    Critical,
}
