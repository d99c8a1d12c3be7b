using AiSpm.Detection.Engines;
using AiSpm.Detection.Rules;

namespace AiSpm.Detection.Tests.Engines;

/// <summary>The longest-match bound that lets stream confirmation rescan only a bounded tail.</summary>
public class MatchWidthTests
{
    private static int Width(string regex) => MatchWidth.MaxUtf8Bytes(new PatternDefinition(regex, false, false, false, false, null), 1 << 20);

    [Theory]
    [InlineData(@"\b(AKIA|ASIA)[0-9A-Z]{16}\b", 20)]
    [InlineData("abc", 3)]
    [InlineData("(?i)abc", 3)]
    [InlineData("ab|abcd", 4)]
    [InlineData("x{2,5}y?", 6)]
    [InlineData(@"[a-z\]]{0,3}", 3)]
    [InlineData(@"\x41{3}\d", 4)]
    [InlineData("(?:ab){2}(c|de)", 6)]
    [InlineData("^a$", 1)]
    [InlineData("a{,3}", 5)]
    [InlineData(@"\baws.{0,20}(?:secret|key).{0,20}[=:] ?", 51)]
    public void BoundedPatternsCountThreeBytesACharacter(string regex, int chars) => Assert.Equal(chars * 3, Width(regex));

    [Theory]
    [InlineData("a+")]
    [InlineData("ab*c")]
    [InlineData("x{2,}")]
    [InlineData(@"ignore\s+previous")]
    [InlineData("(?:a|b+)c")]
    [InlineData("a(b")]
    [InlineData("a)b")]
    [InlineData("[ab")]
    public void UnboundedOrUnreadablePatternsHaveNoBound(string regex) => Assert.Equal(MatchWidth.Unbounded, Width(regex));

    [Fact]
    public void ABoundAboveTheCapIsNoBound() =>
        Assert.Equal(MatchWidth.Unbounded, MatchWidth.MaxUtf8Bytes(new PatternDefinition("a{1000}", false, false, false, false, null), 2999));

    [Theory]
    [InlineData(@"end$", false, true)]
    [InlineData(@"end$", true, false)]
    [InlineData(@"a\Z", true, true)]
    [InlineData(@"a\z", false, true)]
    [InlineData(@"[$]x", false, false)]
    [InlineData(@"[]$]x", false, false)]
    [InlineData(@"\$5", false, false)]
    [InlineData(@"x(\n|$)", false, true)]
    public void AssertingTheInputEndKeepsAPatternOnTheWholeText(string regex, bool multiline, bool asserts) =>
        Assert.Equal(asserts, MatchWidth.AssertsInputEnd(new PatternDefinition(regex, false, false, multiline, false, null)));

    [Fact]
    public void LiteralsCountTheirLength() =>
        Assert.Equal(12, MatchWidth.MaxUtf8Bytes(new PatternDefinition("", true, false, false, true, "abcd"), 1 << 20));

    private static int StreamWidth(string regex) =>
        MatchWidth.MaxUtf8Bytes(new PatternDefinition(regex, false, false, false, false, null), 1 << 20, foldedWhitespace: true);

    [Theory]
    [InlineData(@"ignore\s+previous", 15)]
    [InlineData(@"a[\n ]*b", 3)]
    [InlineData(@"a[\s\n]{2,}b", 3)]
    [InlineData(@"a\x20+b", 3)]
    [InlineData("a +b", 3)]
    [InlineData(@"=[\s]*[""']?[\s]*or", 6)]
    public void InTextWithoutWhitespaceRunsAWhitespaceRepeatIsOneCharacter(string regex, int chars) =>
        Assert.Equal(chars * 3, StreamWidth(regex));

    [Theory]
    [InlineData(@"a[\s_-]*b")]
    [InlineData(@"a[^\s]*b")]
    [InlineData(@"a[\t-\r]*b")]
    [InlineData(@"a(?: )*b")]
    [InlineData(@"a\S+b")]
    public void OtherRepeatsStayUnbounded(string regex) => Assert.Equal(MatchWidth.Unbounded, StreamWidth(regex));

    [Fact]
    public void BlockScansDoNotAssumeFoldedWhitespace() => Assert.Equal(MatchWidth.Unbounded, Width(@"ignore\s+previous"));
}
