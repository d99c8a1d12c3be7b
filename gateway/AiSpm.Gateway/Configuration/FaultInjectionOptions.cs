namespace AiSpm.Gateway.Configuration;

/// <summary>
/// Chaos knobs for staging: make inspection fail on purpose so an operator can see that the chosen failMode does what
/// they expect before it matters. Off unless set.
/// </summary>
public sealed record FaultInjectionOptions
{
    /// <summary>Fraction of inspections (0..1) that throw as if a detector had failed.</summary>
    public double InspectionFailureRate { get; set; }
}
