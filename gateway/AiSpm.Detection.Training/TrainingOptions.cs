namespace AiSpm.Detection.Training;

/// <summary>Hyper-parameters; the defaults are what `./aispm train` ships. Fixed, so reruns give identical weights.</summary>
internal sealed record TrainingOptions
{
    public ulong Seed { get; init; } = 20261124;
    public int Epochs { get; init; } = 24;
    public int BucketBits { get; init; } = Scoring.ScorerModel.DefaultBucketBits;
    public int WindowBytes { get; init; } = Scoring.ScorerModel.DefaultWindowBytes;
    public float Lambda { get; init; } = 1e-5f;
    public float LearningRate { get; init; } = 0.5f;

    /// <summary>Positives are rarer than negatives; their loss weight is (negatives / positives) ^ this power.</summary>
    public float PositiveWeightPower { get; init; } = 1.0f;

    public int Folds { get; init; } = 5;

    /// <summary>Benign false-positive rate the thresholds aim at across all classes together (out-of-fold on train).</summary>
    public double TargetBenignFpr { get; init; } = 0.005;
}
