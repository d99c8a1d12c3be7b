namespace AiSpm.Detection.Scoring;

/// <summary>Adds each feature's weight row (bucket-major, one weight per class) into per-class sums.</summary>
internal ref struct ScoringSink : IFeatureSink
{
    private readonly ReadOnlySpan<float> _weights;
    private readonly Span<float> _sums;

    public ScoringSink(ReadOnlySpan<float> weights, Span<float> sums)
    {
        _weights = weights;
        _sums = sums;
    }

    public readonly void Add(int bucket)
    {
        var classes = _sums.Length;
        var row = _weights.Slice(bucket * classes, classes);
        for (var c = 0; c < row.Length; c++)
        {
            _sums[c] += row[c];
        }
    }
}
