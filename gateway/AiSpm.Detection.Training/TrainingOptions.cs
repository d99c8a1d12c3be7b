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

    /// <summary>Smoothing of the per-class feature ratios; 0 turns the ratios off (every feature scaled by one).</summary>
    public double NbAlpha { get; init; } = 1.0;

    /// <summary>
    /// The classes whose features are ratio-scaled. Jailbreak only: its positives are many and varied, and scaling
    /// raised its out-of-fold recall by about ten points. Injection and extraction already separate out of fold
    /// (98-100 %) from a few template families; scaled, their template words ("ignore", "previous") weigh so much that
    /// "Please ignore the typos in my previous email" scored as an extraction.
    /// </summary>
    public IReadOnlyList<string> RatioScaledCategories { get; init; } = ["jailbreak"];

    public int Folds { get; init; } = 5;

    /// <summary>Benign false-positive rate the thresholds aim at across all classes together (out-of-fold on train).</summary>
    public double TargetBenignFpr { get; init; } = 0.005;
}
