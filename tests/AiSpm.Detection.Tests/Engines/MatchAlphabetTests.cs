using System.Text;
using System.Text.Json;
using AiSpm.Detection.Engines;
using AiSpm.Detection.Engines.Managed;
using AiSpm.Detection.Normalization;
using AiSpm.Detection.Rules;

namespace AiSpm.Detection.Tests.Engines;

/// <summary>The bytes a pattern's matches can never contain, which bound where confirmation runs on long texts.</summary>
public class MatchAlphabetTests
{
    private static string Barriers(string regex, bool dotAll = false, bool multiline = false) =>
        Encoding.ASCII.GetString(MatchAlphabet.BarrierBytes(new PatternDefinition(regex, false, dotAll, multiline, false, null)));

    [Theory]
    [InlineData(@"\bshow\b[^.?!\n]*\bprompt", ".?!\n")]
    [InlineData(@"ignore[\n ]+all[^.\n]*rules", ".")]
    [InlineData(@"[^\x2e\n]+x", ".\n")]
    [InlineData(@"a[^,;]{2,5}b", ",;")]
    [InlineData(@"(?i)key[^=\s]*:", "=\t\n\v\f\r ")]
    [InlineData(@"[^\d]x|[^a-c\d]", "0123456789")]
    public void NegatedGapsLeaveTheirExcludedBytesAsBarriers(string regex, string expected)
    {
        var barriers = Barriers(regex);
        foreach (var c in expected)
        {
            Assert.Contains(c, barriers);
        }
    }

    [Theory]
    [InlineData(@"ignore\s+previous", "iIgGnNoOrReEpPvVuUsS \n\t")]
    [InlineData(@"\bAKIA[0-9A-Z]{16}\b", "aAkKiI0189ZzbB")]
    [InlineData(@"x\.y\x41\u0042", "xXyY.aAbB")]
    [InlineData(@"a{,3}", "{},3aA")]
    [InlineData(@"[]a-]x", "]a-xA")]
    public void EveryByteAMatchCanHoldIsNoBarrier(string regex, string members)
    {
        var barriers = Barriers(regex);
        foreach (var c in members)
        {
            Assert.DoesNotContain(c, barriers);
        }

        Assert.NotEmpty(barriers);
    }

    [Theory]
    [InlineData(@"a.b")]
    [InlineData(@"x[\s\S]*y")]
    [InlineData(@"foo(?=bar)")]
    [InlineData(@"foo(?<!x)")]
    [InlineData(@"(a)\1")]
    [InlineData(@"end$")]
    [InlineData(@"\Aabc")]
    [InlineData(@"x\p{L}")]
    [InlineData(@"[[:alpha:]]")]
    [InlineData(@"[abc")]
    public void AnythingUnreadOrUnboundedByBytesHasNoBarriers(string regex) =>
        Assert.Empty(Barriers(regex, dotAll: regex == "a.b"));

    [Fact]
    public void DotWithoutDotAllLeavesOnlyTheNewline() => Assert.Equal("\n", Barriers("a.b"));

    [Fact]
    public void MultilineEndOfLineIsNoInputEnd() => Assert.Contains('.', Barriers(@"[^.]+$", multiline: true));

    [Theory]
    [InlineData(@"\b(in|to)[\n ]+your[\n ]+answer\b[^.\n]*\binclude\b[^.\n]*(https?://|www\.|\w\.com\b)", ".", 1)]
    [InlineData(@"start\w*\b[^\n]{0,4}[\n ]+with", ".", 4)]
    [InlineData(@"a.b", "\n", 0)]
    [InlineData(@"x[^\n]{0,3}y[\s_-]*z", "!", 6)]
    public void BytesNoUnboundedRepeatTakesBoundAMatchThatCanHoldAny(string regex, string barrier, int crossings)
    {
        var result = MatchAlphabet.Analyze(new PatternDefinition(regex, true, false, false, false, null));
        Assert.Contains((byte)barrier[0], result.Bytes);
        Assert.Equal(crossings, result.MaxInMatch);
    }

    [Fact]
    public void CountedBarriersAreGivenWhereBytesNoMatchHoldsAlsoExist()
    {
        var pattern = new PatternDefinition(@"key[a-z_]{0,20}(?:[\s""'=:]){1,8}[A-Za-z0-9_+/=-]{12,}", false, false, false, false, null);
        Assert.Contains((byte)'(', MatchAlphabet.Analyze(pattern).Bytes);
        Assert.Equal(0, MatchAlphabet.Analyze(pattern).MaxInMatch);

        var counted = MatchAlphabet.Counted(pattern);
        Assert.Contains((byte)' ', counted.Bytes);
        Assert.Contains((byte)'(', counted.Bytes);
        Assert.DoesNotContain((byte)'/', counted.Bytes);
        Assert.Equal(8, counted.MaxInMatch);
    }

    [Theory]
    [InlineData(@"x[^\n]*y[\n ]+z")]
    [InlineData(@"(ab.)*")]
    [InlineData(@"a(?=b)")]
    [InlineData(@"x.{1,100}y")]
    [InlineData(@"x[^.]*(?:(?:\.{999999999}){999999999}){900000000}")]
    public void WithoutBytesOutsideRepeatsOrWithTooManyCrossingsThereAreNoBarriers(string regex) =>
        Assert.Empty(MatchAlphabet.Analyze(new PatternDefinition(regex, false, true, false, false, null)).Bytes);

    [Fact]
    public void LiteralsAreTheirOwnAlphabet()
    {
        var barriers = Encoding.ASCII.GetString(MatchAlphabet.BarrierBytes(new PatternDefinition("", false, false, false, true, "sk_live_")));
        Assert.DoesNotContain('_', barriers);
        Assert.DoesNotContain('K', barriers);
        Assert.Contains('.', barriers);
    }

    /// <summary>
    /// The analysis against the regexes themselves: on every dev-corpus text, every match of every shipped pattern
    /// holds no more of that pattern's barrier bytes than it may and is no longer than the width its windows assume.
    /// </summary>
    [Fact]
    public void NoShippedPatternMatchHoldsABarrierOrExceedsItsWidth()
    {
        var regexes = (ManagedEngine)Inspectors.Managed.Engine;
        var plan = regexes.Plan;
        var normalized = new NormalizedText();
        var sink = new MatchSink();
        var checkedMatches = 0;
        var withBarriers = 0;
        for (var p = 0; p < regexes.PatternCount; p++)
        {
            withBarriers += plan.BarriersOf(p).Values is null ? 0 : 1;
        }

        Assert.True(withBarriers > regexes.PatternCount / 2, withBarriers + " of " + regexes.PatternCount + " patterns have barriers");
        foreach (var line in File.ReadLines(Path.Combine(Inspectors.CorpusDirectory, "dev.jsonl")))
        {
            using var doc = JsonDocument.Parse(line);
            normalized.Clear();
            Normalizer.Normalize(Encoding.UTF8.GetBytes(doc.RootElement.GetProperty("text").GetString()!), jsonEscaped: false, 0, normalized);
            var text = normalized.Bytes;
            for (var p = 0; p < regexes.PatternCount; p++)
            {
                var (barriers, crossings) = plan.BarriersOf(p);
                var width = plan.WidthOf(p);
                if (barriers is null && width == MatchWidth.Unbounded)
                {
                    continue;
                }

                sink.Reset(Inspectors.Hyperscan.Rules.Count);
                regexes.ScanPatterns(text, [p], sink);
                foreach (var m in sink.Matches)
                {
                    var span = text[m.Start..m.End];
                    var held = 0;
                    for (var at = barriers is null ? -1 : span.IndexOfAny(barriers); at >= 0; at = span[(at + 1)..].IndexOfAny(barriers!) is var next and >= 0 ? at + 1 + next : -1)
                    {
                        held++;
                    }

                    Assert.True(held <= crossings, "pattern " + p + " matched " + held + " barriers (at most " + crossings + ") in: " + Encoding.UTF8.GetString(span));
                    Assert.True(width == MatchWidth.Unbounded || span.Length <= width, "pattern " + p + " matched past its width: " + Encoding.UTF8.GetString(span));
                    checkedMatches++;
                }
            }
        }

        Assert.True(checkedMatches > 300, "only " + checkedMatches + " matches checked");
    }
}
