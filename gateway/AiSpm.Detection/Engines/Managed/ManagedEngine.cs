using System.Buffers;
using System.Runtime.Intrinsics;
using System.Text;
using System.Text.RegularExpressions;
using AiSpm.Detection.Engines.Pieces;
using AiSpm.Detection.Rules;

namespace AiSpm.Detection.Engines.Managed;

/// <summary>
/// The managed twin of the Hyperscan engine: .NET regexes (source-generated for the shipped packs, see
/// <see cref="ShippedRegexes"/>; interpreted otherwise), literals through <see cref="SearchValues{T}"/>. The text is
/// transcoded with every non-ASCII character as U+FFFD but the folded letters of the scripts rules may be written in
/// (<see cref="Normalization.ScriptFold"/>), so <c>\w \d \s</c> and case folding mean what they mean to Hyperscan
/// without UCP: ASCII only. A block scan first finds the patterns' pieces (<see cref="PieceSearch"/>, in
/// place of Hyperscan's piece databases) and runs only the candidates' regexes, only in their windows, as the Hyperscan
/// engine confirms; running every regex over the whole text took 40-50 ms per 128 KB.
/// </summary>
internal sealed class ManagedEngine : IMatchEngine
{
    internal static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);

    [ThreadStatic]
    private static Scratch? t_scratch;

    private readonly ManagedPattern[] _patterns;
    private readonly Lazy<(PieceSearch Request, PieceSearch Response)> _pieceSearch;

    private ManagedEngine(ManagedPattern[] patterns, int ruleCount, PiecePlan plan)
    {
        _patterns = patterns;
        RuleCount = ruleCount;
        Plan = plan;
        // Building the searches takes most of a second and 190 MB along the way for tens of thousands of literals; the
        // Hyperscan engine's confirming twin never block-scans, so it never pays it (see PrepareBlockScans).
        _pieceSearch = new(() => (new PieceSearch(plan.Request), new PieceSearch(plan.Response)));
    }

    /// <summary>The patterns' pieces, barriers and widths, which both engines confirm by.</summary>
    internal PiecePlan Plan { get; }

    /// <summary>Builds the piece searches now, at load, rather than in the first request's block scan.</summary>
    public void PrepareBlockScans() => _ = _pieceSearch.Value;

    public string Name => "managed";

    /// <summary>How many rules the patterns belong to (rule indexes are below it).</summary>
    public int RuleCount { get; }

    public int PatternCount => _patterns.Length;

    /// <summary>The rule a compiled pattern belongs to.</summary>
    public int RuleOf(int pattern) => _patterns[pattern].Rule;

    public static ManagedEngine? Compile(IReadOnlyList<CompiledPattern> patterns, List<(int Pattern, string Message)> errors)
    {
        var compiled = new ManagedPattern[patterns.Count];
        var before = errors.Count;
        for (var i = 0; i < patterns.Count; i++)
        {
            var p = patterns[i].Pattern;
            if (p.IsLiteral)
            {
                compiled[i] = new ManagedPattern(patterns[i].Rule, patterns[i].Phase, null, p.Literal, p.Caseless);
                continue;
            }

            var options = OptionsFor(p);
            var expression = Dialect.ToDotNet(p.Expression, p.DotAll);
            try
            {
                // A shipped pattern runs as compiled code generated at build time; anything else (an edited or added
                // pack) through the interpreter, until ./aispm gen-regexes is run and the gateway rebuilt.
                var regex = ShippedRegexes.Find(expression, options) ?? new Regex(expression, options, MatchTimeout);
                compiled[i] = new ManagedPattern(patterns[i].Rule, patterns[i].Phase, regex, null, false);
            }
            catch (ArgumentException ex)
            {
                errors.Add((i, ex.Message));
            }
        }

        var ruleCount = 0;
        foreach (var p in patterns)
        {
            ruleCount = Math.Max(ruleCount, p.Rule + 1);
        }

        return errors.Count == before ? new ManagedEngine(compiled, ruleCount, PiecePlan.Build(patterns)) : null;
    }

    /// <summary>The .NET options a rule pattern runs with (shared with the generated twins, which must match).</summary>
    internal static RegexOptions OptionsFor(PatternDefinition p) =>
        RegexOptions.CultureInvariant | (p.Caseless ? RegexOptions.IgnoreCase : 0) | (p.Multiline ? RegexOptions.Multiline : 0);

    /// <summary>
    /// Finds the spans of every pattern of a rule of <paramref name="phase"/>: the patterns whose pieces were all seen
    /// (<see cref="PieceSearch"/>), each only in its windows (<see cref="ConfirmationWindows"/>), as the Hyperscan
    /// engine confirms its candidates.
    /// </summary>
    public void Scan(ReadOnlySpan<byte> utf8, ScanPhase phase, MatchSink sink)
    {
        if (utf8.IsEmpty)
        {
            return;
        }

        var scratch = t_scratch ??= new Scratch();
        var search = _pieceSearch.Value;
        using var text = PooledUtf16.Of(utf8);
        scratch.Candidates.Reset(_patterns.Length);
        if ((phase & ScanPhase.Request) != 0)
        {
            search.Request.Find(text.Chars, text.Offsets, scratch.RequestHits, scratch.Pieces);
            Plan.Request.Resolve(scratch.Pieces, scratch.Candidates);
        }

        if ((phase & ScanPhase.Response) != 0)
        {
            search.Response.Find(text.Chars, text.Offsets, scratch.ResponseHits, scratch.Pieces);
            Plan.Response.Resolve(scratch.Pieces, scratch.Candidates);
        }

        if (scratch.Candidates.FiredCount > 0)
        {
            scratch.Windows.Clear();
            Plan.AddWindows(utf8, phase, scratch.Candidates, scratch.RequestHits, scratch.ResponseHits, scratch.Windows);
            ScanWindows(text, scratch.Windows.Items, sink);
        }
    }

    /// <summary>
    /// Every pattern of a rule of <paramref name="phase"/> over the whole text, with no pieces and no windows: the
    /// reference the windowed scans are tested against.
    /// </summary>
    internal void ScanWholeText(ReadOnlySpan<byte> utf8, ScanPhase phase, MatchSink sink) => Scan(utf8, default, phase, sink);

    /// <summary>Finds the spans of only the patterns at <paramref name="patterns"/> (indexes into the compiled list).</summary>
    public void ScanPatterns(ReadOnlySpan<byte> utf8, ReadOnlySpan<int> patterns, MatchSink sink) => Scan(utf8, patterns, phase: 0, sink);

    // phase 0: only the given patterns (the Hyperscan engine's candidates); otherwise every pattern of a rule of that phase.
    private void Scan(ReadOnlySpan<byte> utf8, ReadOnlySpan<int> patterns, ScanPhase phase, MatchSink sink)
    {
        if (utf8.IsEmpty)
        {
            return;
        }

        using var text = PooledUtf16.Of(utf8);
        if (phase != 0)
        {
            foreach (var p in _patterns)
            {
                if ((p.Phase & phase) != 0)
                {
                    ScanOne(p, text.Chars, text.Offsets, sink);
                }
            }
        }
        else
        {
            foreach (var p in patterns)
            {
                ScanOne(_patterns[p], text.Chars, text.Offsets, sink);
            }
        }
    }

    /// <summary>
    /// Finds the spans of each window's pattern inside the window only (byte ranges of <paramref name="utf8"/> that
    /// start and end on character boundaries, <see cref="ConfirmationWindows"/>), with the text before the window as
    /// left context and one character after it as right context.
    /// </summary>
    public void ScanWindows(ReadOnlySpan<byte> utf8, ReadOnlySpan<ConfirmationWindows.Window> windows, MatchSink sink)
    {
        if (utf8.IsEmpty || windows.IsEmpty)
        {
            return;
        }

        using var text = PooledUtf16.Of(utf8);
        ScanWindows(text, windows, sink);
    }

    private void ScanWindows(in PooledUtf16 text, ReadOnlySpan<ConfirmationWindows.Window> windows, MatchSink sink)
    {
        var map = text.Offsets;
        foreach (var w in windows)
        {
            var from = CharAtOrBefore(map, w.Start);
            var stop = CharAtOrAfter(map, w.Stop);
            var end = CharAtOrAfter(map, w.End);
            ScanOne(_patterns[w.Pattern], text.Chars[..Math.Min(text.Chars.Length, end + 1)], from, stop, map, sink);
        }
    }

    // A window of a bounded pattern can cut a multi-byte character; rounding outwards only widens it.
    private static int CharAtOrBefore(ReadOnlySpan<int> map, int byteOffset)
    {
        var i = map.BinarySearch(byteOffset);
        return i >= 0 ? i : Math.Max(0, ~i - 1);
    }

    private static int CharAtOrAfter(ReadOnlySpan<int> map, int byteOffset)
    {
        var i = map.BinarySearch(byteOffset);
        return i >= 0 ? i : Math.Min(map.Length - 1, ~i);
    }

    private static void ScanOne(ManagedPattern p, ReadOnlySpan<char> text, ReadOnlySpan<int> map, MatchSink sink) =>
        ScanOne(p, text, 0, text.Length, map, sink);

    private static void ScanOne(ManagedPattern p, ReadOnlySpan<char> text, int from, int to, ReadOnlySpan<int> map, MatchSink sink)
    {
        try
        {
            p.Scan(text, from, to, map, sink);
        }
        catch (RegexMatchTimeoutException)
        {
            // A pathological input must not hang a request; the pattern's remaining matches are skipped.
        }
    }

    public IMatchStream OpenStream() => new ManagedStream(this);

    /// <summary>
    /// A text as the regexes read it (<see cref="Transcode"/>) in pooled buffers, returned on dispose: every scan
    /// transcodes once, and a long text's buffers come back to the pool rather than to the collector.
    /// </summary>
    private readonly ref struct PooledUtf16
    {
        private readonly char[] _chars;
        private readonly int[] _offsets;
        private readonly int _length;

        private PooledUtf16(char[] chars, int[] offsets, int length)
        {
            _chars = chars;
            _offsets = offsets;
            _length = length;
        }

        public ReadOnlySpan<char> Chars => _chars.AsSpan(0, _length);

        /// <summary>The byte offset of each char, and the text's byte length at index <see cref="Chars"/>.Length.</summary>
        public ReadOnlySpan<int> Offsets => _offsets.AsSpan(0, _length + 1);

        public static PooledUtf16 Of(ReadOnlySpan<byte> utf8)
        {
            var chars = ArrayPool<char>.Shared.Rent(utf8.Length);
            var offsets = ArrayPool<int>.Shared.Rent(utf8.Length + 1);
            return new PooledUtf16(chars, offsets, Transcode(utf8, chars, offsets));
        }

        public void Dispose()
        {
            ArrayPool<char>.Shared.Return(_chars);
            ArrayPool<int>.Shared.Return(_offsets);
        }
    }

    /// <summary>Per-thread state of <see cref="Scan(ReadOnlySpan{byte}, ScanPhase, MatchSink)"/>; its buffers grow to the working size.</summary>
    private sealed class Scratch
    {
        public MatchSink Pieces { get; } = new();

        public MatchSink Candidates { get; } = new();

        public PieceHits RequestHits { get; } = new();

        public PieceHits ResponseHits { get; } = new();

        public ConfirmationWindows Windows { get; } = new();
    }

    public void Dispose()
    {
    }

    /// <summary>UTF-8 to UTF-16 with, for each char index, its byte offset (and the total length at index n).</summary>
    internal static int Transcode(ReadOnlySpan<byte> utf8, Span<char> chars, Span<int> offsets)
    {
        var n = 0;
        var i = 0;
        while (i < utf8.Length)
        {
            // Runs of ASCII (all of most texts) are widened in bulk, their offsets written a vector at a time.
            var ascii = utf8[i..].IndexOfAnyInRange((byte)0x80, (byte)0xFF);
            var run = ascii < 0 ? utf8.Length - i : ascii;
            if (run > 0)
            {
                System.Text.Ascii.ToUtf16(utf8.Slice(i, run), chars[n..], out _);
                FillOffsets(offsets.Slice(n, run), i);
                n += run;
                i += run;
                continue;
            }

            Rune.DecodeFromUtf8(utf8[i..], out var rune, out var used);
            offsets[n] = i;

            // A folded letter of a script rules may be written in stays itself, to match the patterns' own letters (the
            // regexes give \w and \d their ASCII meaning, Dialect.ToDotNet). Any other non-ASCII character can only
            // ever match '.' or a negated class, so it becomes U+FFFD: not a word, digit or space, as the non-ASCII
            // bytes are to Hyperscan, and equal to no letter under case folding.
            chars[n++] = Normalization.ScriptFold.IsKept(rune.Value) ? (char)rune.Value : '\uFFFD';

            i += used;
        }

        offsets[n] = i;
        return n;
    }

    private static void FillOffsets(Span<int> offsets, int first)
    {
        var k = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var next = Vector256.Create(first) + Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
            var eight = Vector256.Create(8);
            for (; k + 8 <= offsets.Length; k += 8)
            {
                next.StoreUnsafe(ref offsets[k]);
                next += eight;
            }
        }

        for (; k < offsets.Length; k++)
        {
            offsets[k] = first + k;
        }
    }
}
