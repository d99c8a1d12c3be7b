namespace AiSpm.Posture.Controls;

/// <summary>Parsing and score weights of <see cref="Severity"/>: each step up doubles the weight, so one failing high
/// control weighs as much as two failing mediums.</summary>
public static class SeverityWeights
{
    public static int Weight(Severity s) => s switch
    {
        Severity.Critical => 8,
        Severity.High => 4,
        Severity.Medium => 2,
        _ => 1,
    };

    public static bool TryParse(string? text, out Severity severity)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "critical":
                severity = Severity.Critical;
                return true;
            case "high":
                severity = Severity.High;
                return true;
            case "medium":
                severity = Severity.Medium;
                return true;
            case "low":
                severity = Severity.Low;
                return true;
            case "info" or "informational":
                severity = Severity.Info;
                return true;
            default:
                severity = Severity.Info;
                return false;
        }
    }

    public static string Name(Severity s) => s switch
    {
        Severity.Critical => "critical",
        Severity.High => "high",
        Severity.Medium => "medium",
        Severity.Low => "low",
        _ => "info",
    };
}
