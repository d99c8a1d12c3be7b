namespace AiSpm.Detection.Scoring;

/// <summary>
/// The learned scorer's parameters: per-class bias and threshold and a bucket-major weight table
/// (<c>weights[bucket * classes + class]</c>). On disk it is a small JSON header next to a float16 little-endian
/// weights file whose SHA-256 the header records (see config/scorer/README.md).
/// </summary>
public sealed partial class ScorerModel
{
    public const int MaxClasses = 16;
    public const int DefaultBucketBits = 16;
    public const int DefaultWindowBytes = 8192;

    private readonly string[] _categories;
    private readonly float[] _biases;
    private readonly float[] _thresholds;
    private readonly float[] _weights;

    public ScorerModel(int bucketBits, int windowBytes, string[] categories, float[] biases, float[] thresholds, float[] weights)
    {
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(biases);
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentNullException.ThrowIfNull(weights);
        BucketBits = bucketBits;
        WindowBytes = windowBytes;
        _categories = categories;
        _biases = biases;
        _thresholds = thresholds;
        _weights = weights;
    }

    public int BucketBits { get; }

    public int WindowBytes { get; }

    public IReadOnlyList<string> Categories => _categories;

    public ReadOnlySpan<float> Biases => _biases;

    public ReadOnlySpan<float> Thresholds => _thresholds;

    public ReadOnlySpan<float> Weights => _weights;

    /// <summary>Rounds every value to float16 in place, so a model in memory scores exactly as it will once written.</summary>
    public static void QuantizeInPlace(Span<float> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(Half)values[i];
        }
    }

    /// <summary>A copy with other thresholds (the trainer picks them after fitting).</summary>
    public ScorerModel WithThresholds(float[] thresholds) => new(BucketBits, WindowBytes, _categories, _biases, thresholds, _weights);

    internal void Validate(string source)
    {
        var classes = _categories.Length;
        if (classes is < 1 or > MaxClasses)
        {
            throw Invalid(source, $"has {classes} classes; 1 to {MaxClasses} are supported");
        }

        if (BucketBits is < 8 or > 24)
        {
            throw Invalid(source, $"bucketBits {BucketBits} is outside 8..24");
        }

        if (WindowBytes < 64)
        {
            throw Invalid(source, $"windowBytes {WindowBytes} is below 64");
        }

        if (_biases.Length != classes || _thresholds.Length != classes)
        {
            throw Invalid(source, "needs one bias and one threshold per class");
        }

        if ((long)_weights.Length != ((long)classes << BucketBits))
        {
            throw Invalid(source, $"has {_weights.Length} weights; expected {(long)classes << BucketBits} ({classes} classes x 2^{BucketBits} buckets)");
        }

        for (var c = 0; c < classes; c++)
        {
            if (string.IsNullOrEmpty(_categories[c]) || !float.IsFinite(_biases[c]) || !(_thresholds[c] is > 0f and < 1f))
            {
                throw Invalid(source, $"class {c} needs a category name, a finite bias and a threshold in (0, 1)");
            }
        }

        foreach (var w in _weights)
        {
            if (!float.IsFinite(w))
            {
                throw Invalid(source, "contains a weight that is NaN or infinite");
            }
        }
    }

    private static InvalidDataException Invalid(string source, string problem) => new($"scorer model '{source}' {problem}.");
}
