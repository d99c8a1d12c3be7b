namespace AiSpm.Detection.Scoring;

/// <summary>
/// The scorer's verdict on one text: the firing class with the highest probability, or, when none reached its
/// threshold, <see cref="ClassIndex"/> -1 and the highest probability seen.
/// </summary>
public readonly record struct ScorerResult(int ClassIndex, float Probability)
{
    public bool Fired => ClassIndex >= 0;
}
