namespace AiSpm.Detection.Engines.Pieces;

/// <summary>
/// Where each piece matched in one block scan: the end offset of every Hyperscan report (block databases compile
/// without single-match for this), grouped by piece after the scan. Confirmation uses it to run a candidate's regex
/// only around its pieces (<see cref="ConfirmationWindows"/>). Reused per thread; the buffers grow to the working size
/// and are not allocated again.
/// </summary>
internal sealed class PieceHits
{
    /// <summary>No text needs more: past it a scan stops recording and confirmation reads the whole text.</summary>
    private const int MaxCapacity = 1 << 20;

    private int[] _pieces = new int[256];
    private int[] _ends = new int[256];
    private int[] _grouped = new int[256];
    private int[] _first = new int[64];
    private int _pieceCount;
    private bool[]? _positionless;

    /// <summary>Recorded reports (at most <see cref="Capacity"/>).</summary>
    public int Count { get; private set; }

    /// <summary>The scan had more reports than room; positions are incomplete, so windows must not be used.</summary>
    public bool Overflowed { get; private set; }

    public int Capacity => _pieces.Length;

    /// <summary>Buffers the native callback writes into (pinned by the caller for the scan).</summary>
    public int[] PieceBuffer => _pieces;

    public int[] EndBuffer => _ends;

    /// <summary>
    /// Sizes the buffers for a text: one report per four bytes is far above what prose produces. A search that cannot
    /// place some pieces (the managed engine's regex pieces) names them in <paramref name="positionless"/>.
    /// </summary>
    public void Prepare(int textLength, bool[]? positionless = null)
    {
        _positionless = positionless;
        var wanted = Math.Min(MaxCapacity, Math.Max(256, (textLength / 4) + 64));
        if (_pieces.Length < wanted)
        {
            _pieces = new int[wanted];
            _ends = new int[wanted];
            _grouped = new int[wanted];
        }

        Count = 0;
        Overflowed = false;
    }

    /// <summary>Takes the callback's count and groups the ends by piece, each group in report (ascending end) order.</summary>
    public void Complete(int reported, int pieceCount)
    {
        Overflowed = reported > _pieces.Length;
        Count = Math.Min(reported, _pieces.Length);
        _pieceCount = pieceCount;
        if (_first.Length < pieceCount + 1)
        {
            _first = new int[pieceCount + 1];
        }

        var first = _first.AsSpan(0, pieceCount + 1);
        first.Clear();
        var pieces = _pieces.AsSpan(0, Count);
        foreach (var p in pieces)
        {
            first[p + 1]++;
        }

        for (var p = 0; p < pieceCount; p++)
        {
            first[p + 1] += first[p];
        }

        // Counting sort: a second pass places each end after the ones before it, so groups stay in end order; the
        // cursor for piece p is first[p] advanced in place, and restored by the shift below.
        var ends = _ends.AsSpan(0, Count);
        var grouped = _grouped.AsSpan(0, Count);
        for (var i = 0; i < pieces.Length; i++)
        {
            grouped[first[pieces[i]]++] = ends[i];
        }

        for (var p = pieceCount; p > 0; p--)
        {
            first[p] = first[p - 1];
        }

        first[0] = 0;
    }

    /// <summary>True when <paramref name="piece"/> counts as seen but its positions are unknown, so no window can anchor on it.</summary>
    public bool IsPositionless(int piece) => _positionless is { } p && (uint)piece < (uint)p.Length && p[piece];

    /// <summary>How many times <paramref name="piece"/> was reported.</summary>
    public int CountOf(int piece) => (uint)piece < (uint)_pieceCount ? _first[piece + 1] - _first[piece] : 0;

    /// <summary>End offsets of <paramref name="piece"/>'s reports, ascending.</summary>
    public ReadOnlySpan<int> EndsOf(int piece) => (uint)piece < (uint)_pieceCount ? _grouped.AsSpan(_first[piece], CountOf(piece)) : default;
}
