using System.Buffers;

namespace AiSpm.Detection.Engines.Pieces;

/// <summary>
/// What both engines derive from the rule patterns to run each candidate's regex only near its pieces: a
/// <see cref="PieceMap"/> per phase (a request never pays for insecure-output rules, nor a response for jailbreak
/// rules), and for every pattern its barrier bytes and longest match, which bound how far from a piece a match can
/// reach (<see cref="ConfirmationWindows"/>).
/// </summary>
internal sealed class PiecePlan
{
    // Bounded patterns get windows of their width around their pieces; past this a window saves little and the search
    // back for a barrier would cost more.
    private const int WindowCap = 4096;

    private readonly (SearchValues<byte>? Values, int Crossings)[] _barriers;
    private readonly int[] _widths;

    private PiecePlan(PieceMap request, PieceMap response, (SearchValues<byte>?, int)[] barriers, int[] widths)
    {
        Request = request;
        Response = response;
        _barriers = barriers;
        _widths = widths;
    }

    /// <summary>Pieces of the patterns of request-phase rules (request and both).</summary>
    public PieceMap Request { get; }

    /// <summary>Pieces of the patterns of response-phase rules (response and both); streams carry model output, so they use these.</summary>
    public PieceMap Response { get; }

    public int PatternCount => _widths.Length;

    public static PiecePlan Build(IReadOnlyList<CompiledPattern> patterns) => new(
        PieceMap.Build(patterns, Indexes(patterns, ScanPhase.Request)),
        PieceMap.Build(patterns, Indexes(patterns, ScanPhase.Response)),
        Barriers(patterns),
        Widths(patterns));

    /// <summary>Barrier bytes of <paramref name="pattern"/> (<see cref="MatchAlphabet.Analyze"/>), or null, and how many one match can hold.</summary>
    public (SearchValues<byte>? Values, int Crossings) BarriersOf(int pattern) => _barriers[pattern];

    /// <summary>The longest match of <paramref name="pattern"/> its windows assume, or <see cref="MatchWidth.Unbounded"/>.</summary>
    public int WidthOf(int pattern) => _widths[pattern];

    /// <summary>
    /// Adds to <paramref name="windows"/> the windows of every candidate pattern, from the piece positions of the scan
    /// of its phase (a pattern of a rule of both phases is in both maps with the same branches; either scan's
    /// positions do).
    /// </summary>
    public void AddWindows(ReadOnlySpan<byte> text, ScanPhase phase, MatchSink candidates, PieceHits requestHits, PieceHits responseHits, ConfirmationWindows windows)
    {
        var request = (phase & ScanPhase.Request) != 0;
        foreach (var pattern in candidates.FiredRules)
        {
            var fromRequest = request && Request.BranchesOf(pattern) is not null;
            windows.Add(
                text,
                pattern,
                fromRequest ? Request : Response,
                fromRequest ? requestHits : responseHits,
                _barriers[pattern].Values,
                _barriers[pattern].Crossings,
                _widths[pattern]);
        }
    }

    private static (SearchValues<byte>?, int)[] Barriers(IReadOnlyList<CompiledPattern> patterns)
    {
        var barriers = new (SearchValues<byte>?, int)[patterns.Count];
        var sets = new ByteSets();
        for (var i = 0; i < patterns.Count; i++)
        {
            var (bytes, crossings) = MatchAlphabet.Analyze(patterns[i].Pattern);
            if (sets.Of(bytes) is { } values)
            {
                barriers[i] = (values, crossings);
            }
        }

        return barriers;
    }

    private static int[] Widths(IReadOnlyList<CompiledPattern> patterns)
    {
        var widths = new int[patterns.Count];
        for (var i = 0; i < patterns.Count; i++)
        {
            var p = patterns[i].Pattern;
            widths[i] = MatchWidth.AssertsInputEnd(p) ? MatchWidth.Unbounded : MatchWidth.MaxUtf8Bytes(p, WindowCap);
        }

        return widths;
    }

    private static List<int> Indexes(IReadOnlyList<CompiledPattern> patterns, ScanPhase phase)
    {
        var indexes = new List<int>(patterns.Count);
        for (var i = 0; i < patterns.Count; i++)
        {
            if ((patterns[i].Phase & phase) != 0)
            {
                indexes.Add(i);
            }
        }

        return indexes;
    }
}
