namespace AiSpm.Detection.Evaluation;

/// <summary>
/// What the detectors said about one row: whether anything was found, and whether a finding had the row's own
/// category. <paramref name="FirstRule"/> is the id of the rule that decided (the first matching finding's rule, else
/// the first finding's), or null.
/// </summary>
public readonly record struct RowOutcome(bool AnyFinding, bool CategoryHit, string? FirstRule)
{
    /// <summary>An attack row is detected when a finding has its category; a benign row is flagged by any finding.</summary>
    public bool Counts(CorpusRow row) => row.IsAttack ? CategoryHit : AnyFinding;
}
