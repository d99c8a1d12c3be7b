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

    /// <summary>
    /// The classes fitted on each row's text without its fenced code blocks (scoring still reads the whole text). None
    /// by default. train.jsonl's 35 code-injection rows carry their payload in a fence, and fitted on it the injection
    /// class learns code words ("import", "os", "requests") as injection: it fires on 30 of 400 chunks of library
    /// source and docs sent as requests (`./aispm sample-docs`). Fitting all three classes on prose cuts that to 8, but
    /// out of fold on train.jsonl (seeds 1-2 and the shipped one) injection recall falls from 258-262 to 248-258 of
    /// 263 and jailbreak from 304-314 to 291-307 of 412, and on dev.jsonl injection from 51 to 50 of 54: the corpus,
    /// the only data the shipped model may be chosen on, prefers the code words. A deployment whose requests carry code
    /// can retrain with `--prose-fit prompt_injection,jailbreak,system_prompt_extraction`.
    /// </summary>
    public IReadOnlyList<string> ProseFitCategories { get; init; } = [];

    public int Folds { get; init; } = 5;

    /// <summary>Benign false-positive rate the thresholds aim at across all classes together (out-of-fold on train).</summary>
    public double TargetBenignFpr { get; init; } = 0.005;
}
