using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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

/// <summary>
/// The scorer's fast path for up to four classes: rows padded to four floats, so a feature costs one 16-byte load and
/// one vector add, and the sums stay in a register.
/// </summary>
internal ref struct PaddedScoringSink : IFeatureSink
{
    public const int Width = 4;

    private readonly ref float _rows;

    public PaddedScoringSink(ReadOnlySpan<float> paddedRows)
    {
        _rows = ref MemoryMarshal.GetReference(paddedRows);
        Sum = default;
    }

    public Vector128<float> Sum { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int bucket) => Sum += Vector128.LoadUnsafe(ref _rows, (nuint)bucket * Width);
}
