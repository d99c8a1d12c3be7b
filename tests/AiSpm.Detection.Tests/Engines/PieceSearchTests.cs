using System.Text;
using AiSpm.Detection.Engines;
using AiSpm.Detection.Engines.Managed;
using AiSpm.Detection.Engines.Pieces;
using AiSpm.Detection.Rules;
using CsCheck;

namespace AiSpm.Detection.Tests.Engines;

/// <summary>The managed engine's piece search: every literal occurrence of every piece, at its end, in end order.</summary>
public class PieceSearchTests
{
    private static PieceMap Map(params (string Regex, bool Caseless)[] patterns)
    {
        var compiled = new List<CompiledPattern>();
        for (var i = 0; i < patterns.Length; i++)
        {
            compiled.Add(new CompiledPattern(i, new PatternDefinition(patterns[i].Regex, patterns[i].Caseless, false, false, false, null), ScanPhase.Request));
        }

        return PieceMap.Build(compiled, [.. Enumerable.Range(0, patterns.Length)]);
    }

    private static (PieceHits Hits, MatchSink Pieces) Find(PieceSearch search, byte[] utf8)
    {
        var chars = new char[utf8.Length];
        var offsets = new int[utf8.Length + 1];
        var n = ManagedEngine.Transcode(utf8, chars, offsets);
        var hits = new PieceHits();
        var pieces = new MatchSink();
        search.Find(chars.AsSpan(0, n), offsets.AsSpan(0, n + 1), hits, pieces);
        return (hits, pieces);
    }

    /// <summary>Every (piece, end) by the plain definition: each literal at every byte offset it occurs at.</summary>
    private static List<int>[] Expected(PieceMap map, byte[] utf8)
    {
        var folded = FoldAscii(utf8);
        var expected = new List<int>[map.PieceCount];
        for (var p = 0; p < map.PieceCount; p++)
        {
            var ends = new SortedSet<int>();
            var caseless = map.Pieces[p].Caseless;
            foreach (var literal in map.Pieces[p].Literals ?? [])
            {
                var bytes = Encoding.ASCII.GetBytes(literal);
                var text = caseless ? folded : utf8;
                var wanted = caseless ? FoldAscii(bytes) : bytes;
                for (var at = text.AsSpan().IndexOf(wanted); at >= 0;)
                {
                    ends.Add(at + wanted.Length);
                    var next = text.AsSpan(at + 1).IndexOf(wanted);
                    at = next < 0 ? -1 : at + 1 + next;
                }
            }

            expected[p] = [.. ends];
        }

        return expected;
    }

    private static byte[] FoldAscii(byte[] bytes)
    {
        var folded = (byte[])bytes.Clone();
        for (var i = 0; i < folded.Length; i++)
        {
            if (folded[i] is >= (byte)'A' and <= (byte)'Z')
            {
                folded[i] |= 0x20;
            }
        }

        return folded;
    }

    private static void AssertFindsExactly(PieceMap map, PieceSearch search, string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        var (hits, pieces) = Find(search, utf8);
        var expected = Expected(map, utf8);
        for (var p = 0; p < map.PieceCount; p++)
        {
            if (hits.Overflowed)
            {
                // Past the buffer's room positions are dropped (windows give way to the whole text), never a piece.
                Assert.Equal(expected[p].Count > 0 || map.Pieces[p].Literals is null, pieces.HasFired(p));
                continue;
            }

            if (map.Pieces[p].Literals is null)
            {
                Assert.True(hits.IsPositionless(p));
                Assert.True(pieces.HasFired(p), "a positionless piece counts as seen");
                continue;
            }

            // Distinct ends in ascending order; two literals of one piece ending together may both report.
            var ends = hits.EndsOf(p).ToArray();
            Assert.True(ends.SequenceEqual(ends.Order()), "ends out of order for piece " + p + " on: " + text);
            Assert.Equal(expected[p], ends.Distinct());
            Assert.Equal(expected[p].Count > 0, pieces.HasFired(p));
        }
    }

    [Fact]
    public void CaseMattersOnlyWhereThePatternSaysSo()
    {
        var map = Map((@"\bignore previous\b", true), (@"\bAKIA[0-9A-Z]{16}\b", false));
        var search = new PieceSearch(map);

        const string Text = "IGNORE previous, then ignore PREVIOUS; akia AKIAX";
        AssertFindsExactly(map, search, Text);
        var (hits, _) = Find(search, Encoding.UTF8.GetBytes(Text));
        var key = map.PieceCount - 1;
        Assert.Equal(["AKIA"], map.Pieces[key].Literals);
        Assert.Equal([Text.Length - 1], hits.EndsOf(key).ToArray());
        Assert.Equal(2, hits.EndsOf(0).Length);
    }

    [Fact]
    public void OverlappingOccurrencesAndNonAsciiTextReportByteOffsets()
    {
        var map = Map(("aaa", false), ("é then abc", true));
        var search = new PieceSearch(map);

        AssertFindsExactly(map, search, "aaaaa ééé then ABC aaa");
        var (hits, _) = Find(search, Encoding.UTF8.GetBytes("éaaaa"));
        Assert.Equal([5, 6], hits.EndsOf(0).ToArray());
    }

    [Fact]
    public void APieceWithNoLiteralsIsSeenEverywhereAndItsPatternConfirmsOverTheWholeText()
    {
        var map = Map((@"[0-9]{3}-[0-9]{2}-[0-9]{4}\b", false));
        var search = new PieceSearch(map);
        var text = "no digits here"u8.ToArray();
        var (hits, pieces) = Find(search, text);
        Assert.True(hits.IsPositionless(0));
        var candidates = new MatchSink();
        candidates.Reset(1);
        map.Resolve(pieces, candidates);
        Assert.True(candidates.HasFired(0));

        var windows = new ConfirmationWindows();
        windows.Add(text, 0, map, hits, barriers: null, crossings: 0, width: 12);
        Assert.Equal([new ConfirmationWindows.Window(0, 0, text.Length, text.Length)], windows.Items.ToArray());
    }

    /// <summary>The shipped request pieces over texts made of their own literals, case-flipped, between other text.</summary>
    [Fact]
    public void ShippedPiecesAreFoundExactlyWhereTheirLiteralsOccur()
    {
        var map = ((ManagedEngine)Inspectors.Managed.Engine).Plan.Request;
        var search = new PieceSearch(map);
        var literals = new List<string>();
        foreach (var piece in map.Pieces)
        {
            literals.AddRange(piece.Literals ?? []);
        }

        string[] filler = [" ", "\n", "x", "é", "\u4e2d", ". ", "0", "-", "\U0001F600"];
        var part = Gen.OneOf(
            Gen.Int[0, literals.Count - 1].Select(i => literals[i]),
            Gen.Int[0, literals.Count - 1].Select(i => literals[i].ToUpperInvariant()),
            Gen.OneOf(filler));
        part.Array[1, 24].Select(parts => string.Concat(parts)).Sample(text => AssertFindsExactly(map, search, text), iter: 300, threads: 1);
    }
}
