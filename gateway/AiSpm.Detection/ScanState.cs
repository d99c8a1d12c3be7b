using AiSpm.Detection.Engines;
using AiSpm.Detection.Normalization;

namespace AiSpm.Detection;

/// <summary>Per-thread scratch for block scans: the normalized text, string-segment starts and the match sink.</summary>
internal sealed class ScanState
{
    [ThreadStatic]
    private static ScanState? t_current;

    private int[] _segments = new int[16];

    public NormalizedText Text { get; } = new();

    public MatchSink Sink { get; } = new();

    public int SegmentCount { get; private set; }

    public ReadOnlySpan<int> Segments => _segments.AsSpan(0, SegmentCount);

    public static ScanState Current => t_current ??= new ScanState();

    public void Reset(int ruleCount)
    {
        Text.Clear();
        Sink.Reset(ruleCount);
        SegmentCount = 0;
    }

    /// <summary>Marks where the next string's normalized text starts (body scans keep strings apart).</summary>
    public void StartSegment()
    {
        if (SegmentCount == _segments.Length)
        {
            Array.Resize(ref _segments, _segments.Length * 2);
        }

        _segments[SegmentCount++] = Text.Length;
    }
}
