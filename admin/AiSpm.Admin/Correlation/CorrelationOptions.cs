namespace AiSpm.Admin.Correlation;

/// <summary>How events roll up into findings.</summary>
internal sealed record CorrelationOptions
{
    /// <summary>Events of one kind from one principal within this window form one finding.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromHours(24);
    /// <summary>A finding's severity goes up one level when its count reaches this.</summary>
    public int EscalateAfter { get; init; } = 10;
    public int MaxEvidence { get; init; } = 5;
    public int MaxSamples { get; init; } = 5;
    public int MaxListItems { get; init; } = 32;
}
