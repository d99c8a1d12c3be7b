namespace AiSpm.Detection.Normalization;

/// <summary>
/// The text the engines scan (UTF-8, BMP only, valid) with, for every byte, the source byte range it came from, so a
/// match span maps back to the caller's bytes. Reused per thread; arrays only grow.
/// </summary>
/// <remarks>
/// The source map is kept as segments, not per byte: a run copied one-to-one from the source is one segment however
/// long, and so is every group of bytes that came from the same source range (a folded character's UTF-8 bytes, a
/// decoded payload). Prose is almost all one run, so normalizing 128 KB of it writes a handful of segments where a
/// per-byte map wrote a megabyte of offsets. Only a match's ends are ever mapped, by binary search.
/// </remarks>
internal sealed class NormalizedText
{
    private byte[] _bytes = new byte[1024];
    private Segment[] _segments = new Segment[64];
    private int _segmentCount;

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Bytes => _bytes.AsSpan(0, Length);

    /// <summary>How many map segments the text holds (a measure of how much normalization changed it).</summary>
    public int SegmentCount => _segmentCount;

    public void Clear()
    {
        Length = 0;
        _segmentCount = 0;
    }

    public void Append(byte b, int srcStart, int srcEnd)
    {
        if (Length == _bytes.Length)
        {
            Array.Resize(ref _bytes, _bytes.Length * 2);
        }

        _bytes[Length] = b;
        Map(srcStart, srcEnd, 1);
        Length++;
    }

    /// <summary>Appends bytes copied one-to-one from the source starting at <paramref name="srcStart"/>.</summary>
    public void AppendRun(ReadOnlySpan<byte> bytes, int srcStart)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        if (Length + bytes.Length > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Length + bytes.Length));
        }

        bytes.CopyTo(_bytes.AsSpan(Length));
        Map(srcStart, srcStart + 1, bytes.Length);
        Length += bytes.Length;
    }

    public byte Last => _bytes[Length - 1];

    public void ReplaceLast(byte b) => _bytes[Length - 1] = b;

    /// <summary>Widens the last byte's source range to end at <paramref name="srcEnd"/> (a folded whitespace run).</summary>
    public void ExtendLast(int srcEnd)
    {
        // The last byte is in the last segment: no search needed, and this runs for every folded whitespace run.
        ref var last = ref _segments[_segmentCount - 1];
        var start = last.IsIdentity ? last.SrcStart + (Length - 1 - last.NormStart) : last.SrcStart;
        var end = last.IsIdentity ? start + 1 : last.SrcEnd;
        if (srcEnd <= end)
        {
            return;
        }

        if (Length - last.NormStart > 1)
        {
            // The last byte leaves its run (or its group) for a segment of its own.
            AddSegment(Length - 1, start, srcEnd);
            return;
        }

        last = new Segment(last.NormStart, start, srcEnd);
    }

    /// <summary>The source range byte <paramref name="index"/> came from.</summary>
    public (int Start, int End) SourceRangeAt(int index)
    {
        var segment = _segments[FindSegment(index)];
        if (segment.IsIdentity)
        {
            var source = segment.SrcStart + (index - segment.NormStart);
            return (source, source + 1);
        }

        return (segment.SrcStart, segment.SrcEnd);
    }

    /// <summary>The source range a normalized span [start, end) came from.</summary>
    public (int Start, int End) MapToSource(int start, int end)
    {
        // Decoded payload segments map every byte to their whole encoded run, so a span that crosses into one is not
        // monotonic: take the outer bounds of both ends.
        var first = SourceRangeAt(start);
        var last = SourceRangeAt(end - 1);
        return (Math.Min(first.Start, last.Start), Math.Max(first.End, last.End));
    }

    /// <summary>
    /// Maps the next <paramref name="count"/> bytes: a run one-to-one from <paramref name="srcStart"/> when count is
    /// more than one, else a single byte from [srcStart, srcEnd). Extends the last segment when the bytes continue it.
    /// </summary>
    private void Map(int srcStart, int srcEnd, int count)
    {
        var oneToOne = count > 1 || srcEnd == srcStart + 1;
        if (_segmentCount > 0)
        {
            ref var last = ref _segments[_segmentCount - 1];
            var lastLength = Length - last.NormStart;
            if (last.IsIdentity)
            {
                if (oneToOne && last.SrcStart + lastLength == srcStart)
                {
                    return;
                }
            }
            else if (count == 1 && last.SrcStart == srcStart && last.SrcEnd == srcEnd)
            {
                // Another byte of the same folded character or decoded payload.
                return;
            }
            else if (oneToOne && lastLength == 1 && last.SrcEnd == srcStart && last.SrcStart == srcStart - 1)
            {
                // A lone one-to-one byte followed by the next one: the two become a run.
                last = new Segment(last.NormStart, last.SrcStart, Segment.Identity);
                return;
            }
        }

        AddSegment(Length, srcStart, count > 1 ? Segment.Identity : srcEnd);
    }

    private void AddSegment(int normStart, int srcStart, int srcEnd)
    {
        if (_segmentCount == _segments.Length)
        {
            Array.Resize(ref _segments, _segments.Length * 2);
        }

        _segments[_segmentCount++] = new Segment(normStart, srcStart, srcEnd);
    }

    private int FindSegment(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Length);
        var low = 0;
        var high = _segmentCount - 1;
        while (low < high)
        {
            var mid = (low + high + 1) >> 1;
            if (_segments[mid].NormStart <= index)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        return low;
    }

    /// <summary>
    /// Normalized bytes from <see cref="NormStart"/> to the next segment's start: one-to-one from <see cref="SrcStart"/>
    /// when <see cref="SrcEnd"/> is <see cref="Identity"/>, otherwise each from [SrcStart, SrcEnd).
    /// </summary>
    private readonly record struct Segment(int NormStart, int SrcStart, int SrcEnd)
    {
        public const int Identity = -1;

        public bool IsIdentity => SrcEnd == Identity;
    }
}
