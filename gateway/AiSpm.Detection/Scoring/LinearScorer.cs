using System.Runtime.Intrinsics;

namespace AiSpm.Detection.Scoring;

/// <summary>
/// One-vs-rest logistic regression over hashed word unigrams and bigrams: the second stage for prompt_injection,
/// jailbreak and system_prompt_extraction, catching paraphrases the patterns miss. Thread-safe and allocation-free
/// per call; the weights are immutable after load.
/// </summary>
/// <remarks>
/// A class's logit is <c>bias + (sum of its weights over every emitted feature) / sqrt(feature count)</c>, i.e. a dot
/// product with the count vector scaled to unit length as if features were distinct. Texts longer than the model's
/// window are scored in half-overlapping windows and each class keeps its highest probability, so an instruction
/// buried in a long retrieved document is not diluted away.
/// </remarks>
public sealed class LinearScorer
{
    /// <summary>Run-time rows are padded to four floats so a feature is one 16-byte load and one vector add.</summary>
    private const int PaddedWidth = 4;

    private readonly ScorerModel _model;
    private readonly float[]? _paddedRows;

    public LinearScorer(ScorerModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.Validate(source: "in-memory model");
        _model = model;
        var classes = model.Categories.Count;
        if (classes <= PaddedWidth)
        {
            var weights = model.Weights;
            var buckets = weights.Length / classes;
            _paddedRows = new float[buckets * PaddedWidth];
            for (var b = 0; b < buckets; b++)
            {
                weights.Slice(b * classes, classes).CopyTo(_paddedRows.AsSpan(b * PaddedWidth));
            }
        }
    }

    public ScorerModel Model => _model;

    public int ClassCount => _model.Categories.Count;

    /// <summary>Category names in class order (e.g. prompt_injection, jailbreak, system_prompt_extraction).</summary>
    public IReadOnlyList<string> Categories => _model.Categories;

    /// <summary>Per-class probability thresholds chosen at training time.</summary>
    public ReadOnlySpan<float> Thresholds => _model.Thresholds;

    /// <summary>Loads a model file (JSON header plus its binary weights file) and verifies the weights' checksum.</summary>
    public static LinearScorer Load(string path) => new(ScorerModel.Read(path));

    /// <summary>Writes one probability per class into <paramref name="probabilities"/>.</summary>
    public void Score(ReadOnlySpan<byte> normalizedUtf8, Span<float> probabilities)
    {
        var classes = ClassCount;
        ArgumentOutOfRangeException.ThrowIfLessThan(probabilities.Length, classes, nameof(probabilities));
        probabilities = probabilities[..classes];

        var window = _model.WindowBytes;
        if (normalizedUtf8.Length <= window)
        {
            ScoreWindow(normalizedUtf8, probabilities);
            return;
        }

        probabilities.Clear();
        if (_paddedRows is not null)
        {
            ScoreHalfWindows(normalizedUtf8, window / 2, probabilities);
            return;
        }

        Span<float> scratch = stackalloc float[ScorerModel.MaxClasses];
        scratch = scratch[..classes];
        var stride = window / 2;
        for (var start = 0; ; start += stride)
        {
            var length = Math.Min(window, normalizedUtf8.Length - start);
            ScoreWindow(normalizedUtf8.Slice(start, length), scratch);
            for (var c = 0; c < classes; c++)
            {
                probabilities[c] = Math.Max(probabilities[c], scratch[c]);
            }

            if (start + length >= normalizedUtf8.Length)
            {
                break;
            }
        }
    }

    /// <summary>Scores and applies the per-class thresholds.</summary>
    public ScorerResult Score(ReadOnlySpan<byte> normalizedUtf8)
    {
        Span<float> probabilities = stackalloc float[ScorerModel.MaxClasses];
        probabilities = probabilities[..ClassCount];
        Score(normalizedUtf8, probabilities);

        var thresholds = _model.Thresholds;
        var best = -1;
        var highest = 0f;
        for (var c = 0; c < probabilities.Length; c++)
        {
            var p = probabilities[c];
            if (p >= thresholds[c] && (best < 0 || p > probabilities[best]))
            {
                best = c;
            }

            highest = Math.Max(highest, p);
        }

        return best >= 0 ? new ScorerResult(best, probabilities[best]) : new ScorerResult(-1, highest);
    }

    /// <summary>
    /// Half-overlapping windows without extracting any byte twice: features are additive, so each half-window's sums
    /// are taken once and every window is two adjacent halves. Halves end between words where a gap is near, so words
    /// stay whole; only the bigram across a half boundary is not counted.
    /// </summary>
    private void ScoreHalfWindows(ReadOnlySpan<byte> text, int half, Span<float> probabilities)
    {
        Span<float> sums = stackalloc float[PaddedWidth];
        var previous = Vector128<float>.Zero;
        var previousCount = 0;
        var start = 0;
        while (start < text.Length)
        {
            var end = Math.Min(text.Length, start + half);
            if (end < text.Length)
            {
                var gap = text[end..Math.Min(text.Length, end + 64)].IndexOfAnyExcept(FeatureExtractor.WordBytes);
                end += gap < 0 ? 0 : gap;
            }

            var count = FeatureExtractor.SumPaddedRows(text[start..end], _model.BucketBits, _paddedRows, out var sum);
            if (start > 0)
            {
                (previous + sum).StoreUnsafe(ref sums[0]);
                var total = previousCount + count;
                var scale = total > 0 ? 1f / MathF.Sqrt(total) : 0f;
                var biases = _model.Biases;
                for (var c = 0; c < probabilities.Length; c++)
                {
                    probabilities[c] = Math.Max(probabilities[c], Sigmoid(biases[c] + (sums[c] * scale)));
                }
            }

            previous = sum;
            previousCount = count;
            start = end;
        }
    }

    private void ScoreWindow(ReadOnlySpan<byte> text, Span<float> probabilities)
    {
        probabilities.Clear();
        int count;
        if (_paddedRows is not null)
        {
            count = FeatureExtractor.SumPaddedRows(text, _model.BucketBits, _paddedRows, out var sum);
            Span<float> sums = stackalloc float[PaddedWidth];
            sum.StoreUnsafe(ref sums[0]);
            sums[..probabilities.Length].CopyTo(probabilities);
        }
        else
        {
            var sink = new ScoringSink(_model.Weights, probabilities);
            count = FeatureExtractor.Extract(text, _model.BucketBits, ref sink);
        }

        var scale = count > 0 ? 1f / MathF.Sqrt(count) : 0f;
        var biases = _model.Biases;
        for (var c = 0; c < probabilities.Length; c++)
        {
            probabilities[c] = Sigmoid(biases[c] + (probabilities[c] * scale));
        }
    }

    private static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));
}
