using System.Runtime.Intrinsics;

namespace AiSpm.Detection.Normalization;

/// <summary>
/// The text the engines scan (UTF-8, BMP only, valid) with, for every byte, the source byte range it came from, so a
/// match span maps back to the caller's bytes. Reused per thread; arrays only grow.
/// </summary>
internal sealed class NormalizedText
{
    private byte[] _bytes = new byte[1024];
    private int[] _srcStart = new int[1024];
    private int[] _srcEnd = new int[1024];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Bytes => _bytes.AsSpan(0, Length);

    public ReadOnlySpan<int> SourceStarts => _srcStart.AsSpan(0, Length);

    public ReadOnlySpan<int> SourceEnds => _srcEnd.AsSpan(0, Length);

    public void Clear() => Length = 0;

    public void Append(byte b, int srcStart, int srcEnd)
    {
        if (Length == _bytes.Length)
        {
            Grow();
        }

        _bytes[Length] = b;
        _srcStart[Length] = srcStart;
        _srcEnd[Length] = srcEnd;
        Length++;
    }

    /// <summary>Appends bytes copied one-to-one from the source starting at <paramref name="srcStart"/>.</summary>
    public void AppendRun(ReadOnlySpan<byte> bytes, int srcStart)
    {
        while (Length + bytes.Length > _bytes.Length)
        {
            Grow();
        }

        bytes.CopyTo(_bytes.AsSpan(Length));
        var starts = _srcStart.AsSpan(Length, bytes.Length);
        var ends = _srcEnd.AsSpan(Length, bytes.Length);
        var k = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var offsets = Vector256.Create(srcStart) + Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
            var one = Vector256.Create(1);
            var eight = Vector256.Create(8);
            for (; k + 8 <= starts.Length; k += 8)
            {
                offsets.StoreUnsafe(ref starts[k]);
                (offsets + one).StoreUnsafe(ref ends[k]);
                offsets += eight;
            }
        }

        for (; k < starts.Length; k++)
        {
            starts[k] = srcStart + k;
            ends[k] = srcStart + k + 1;
        }

        Length += bytes.Length;
    }

    public byte Last => _bytes[Length - 1];

    public void ReplaceLast(byte b) => _bytes[Length - 1] = b;

    public void ExtendLast(int srcEnd) => _srcEnd[Length - 1] = Math.Max(_srcEnd[Length - 1], srcEnd);

    /// <summary>The source range a normalized span [start, end) came from.</summary>
    public (int Start, int End) MapToSource(int start, int end)
    {
        // Decoded payload segments map every byte to their whole encoded run, so a span that crosses into one is not
        // monotonic: take the outer bounds of both ends.
        var s = Math.Min(_srcStart[start], _srcStart[end - 1]);
        var e = Math.Max(_srcEnd[start], _srcEnd[end - 1]);
        return (s, e);
    }

    private void Grow()
    {
        var n = _bytes.Length * 2;
        Array.Resize(ref _bytes, n);
        Array.Resize(ref _srcStart, n);
        Array.Resize(ref _srcEnd, n);
    }
}
