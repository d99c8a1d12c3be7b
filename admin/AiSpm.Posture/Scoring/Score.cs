namespace AiSpm.Posture.Scoring;

/// <summary>
/// Results counted and weighted by their control's severity. <see cref="Value"/> is the passing weight over the weight of
/// passing, failing and error results, in percent (an error is no assurance, so it counts against); excepted results
/// are accepted risk and left out of the ratio. Null when nothing was judged.
/// </summary>
public sealed record Score(int Passing, int Failing, int Error, int Excepted, int PassingWeight, int TotalWeight)
{
    public static readonly Score Empty = new(0, 0, 0, 0, 0, 0);

    public double? Value => TotalWeight == 0 ? null : Math.Round(100.0 * PassingWeight / TotalWeight, 1);
}
