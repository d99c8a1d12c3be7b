using AiSpm.Gateway.Enforcement;

namespace AiSpm.Gateway.Inspection;

/// <summary>How one inspection of a body or text ended.</summary>
internal enum InspectionResult
{
    /// <summary>Scanned; the verdict allows it (possibly with redactions).</summary>
    Allowed,

    /// <summary>Scanned; an enforce-mode rule blocks it. <see cref="InspectionOutcome.BlockingRule"/> names the rule.</summary>
    Blocked,

    /// <summary>The scan failed and the gateway fails open: it goes on unscanned.</summary>
    Unscanned,

    /// <summary>The scan failed and the gateway fails closed: the caller answers <c>inspection_failed</c>.</summary>
    Refused,
}

/// <summary>The result of <see cref="InspectionStep.Inspect"/> with the verdict it came from.</summary>
internal readonly record struct InspectionOutcome(InspectionResult Result, Verdict Verdict)
{
    public bool Inspected => Result is InspectionResult.Allowed or InspectionResult.Blocked;

    public int BlockingRule => Verdict.BlockingRule;

    public int RedactCount => Verdict.RedactCount;
}
