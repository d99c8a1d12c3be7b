using AiSpm.Detection.Engines.Pieces;

namespace AiSpm.Detection.Tests.Engines;

/// <summary>The literal pieces Hyperscan runs in place of a pattern: each must be something every match contains.</summary>
public class PrefilterPiecesTests
{
    [Fact]
    public void GapsSplitAPatternIntoItsWordGroups()
    {
        var branches = PrefilterPieces.Split(@"\b(debug|audit)\b[^.\n]*\b(reveal|dump)\b[^.\n]*\bsystem[\n ]+prompt\b");

        var pieces = Assert.Single(branches);
        Assert.Contains(@"\bsystem[\n ]+prompt\b", pieces);
        Assert.Contains(@"\b(debug|audit)\b", pieces);
        Assert.Contains(@"\b(reveal|dump)\b", pieces);
    }

    [Fact]
    public void AWordListHoldingACommonWordIsNoPieceWhenAnotherAnchorsTheBranch()
    {
        // "show" and "list" occur every few hundred bytes of prose, so a literal set holding them fires as often, and
        // each report costs a confirmation; "system prompt" is just as mandatory and far rarer.
        var pieces = Assert.Single(PrefilterPieces.Split(@"\b(debug|audit)\b[^.\n]*\b(reveal|show|list)\b[^.\n]*\bsystem[\n ]+prompt\b"));

        Assert.Contains(@"\bsystem[\n ]+prompt\b", pieces);
        Assert.Contains(@"\b(debug|audit)\b", pieces);
        Assert.DoesNotContain(@"\b(reveal|show|list)\b", pieces);
    }

    [Fact]
    public void OptionalItemsNeverBecomePieces()
    {
        var pieces = Assert.Single(PrefilterPieces.Split(@"\bignore[\n ]+(all[\n ]+)?previous[\n ]+instructions\b"));

        Assert.DoesNotContain(pieces, p => p.Contains("all", StringComparison.Ordinal));
        Assert.Contains(@"\bignore[\n ]+", pieces);
    }

    [Fact]
    public void TopLevelAlternativesAreSplitSeparately()
    {
        var branches = PrefilterPieces.Split(@"\bstay[\n ]+in[\n ]+character\b|\bnever[\n ]+break[\n ]+character\b");

        Assert.Equal(2, branches.Count);
        Assert.Equal(@"\bstay[\n ]+in[\n ]+character\b", Assert.Single(branches[0]));
        Assert.Equal(@"\bnever[\n ]+break[\n ]+character\b", Assert.Single(branches[1]));
    }

    [Fact]
    public void ACharacterProseRarelyHoldsJoinsTheAnd()
    {
        // Without the '|' piece, "shipping" alone would make this shell-pipe pattern a candidate.
        var pieces = Assert.Single(PrefilterPieces.Split(@"\|[\s]*(?:/usr)?(?:whoami|uname|ping|perl)\b"));

        Assert.Equal(2, pieces.Count);
        Assert.Contains(@"\|", pieces);
    }

    [Theory]
    [InlineData(@"[A-Za-z0-9+/]{40}")]
    [InlineData(@"\w+\s\w+")]
    [InlineData(@"[3-6][0-9]{3}(?:[ -]?[0-9]){8,}")]
    public void APatternWithoutAStrongLiteralStaysWhole(string pattern)
    {
        Assert.Equal(pattern, Assert.Single(Assert.Single(PrefilterPieces.Split(pattern))));
    }

    /// <summary>
    /// A piece need not start with what matches almost everywhere: a whole pattern drops its broad leading items (every
    /// match still contains the rest, which starts where Hyperscan can skip ahead), and a piece drops leading words
    /// prose is full of ("your", "the"; what follows is as mandatory and far rarer) unless too little would be left.
    /// </summary>
    [Theory]
    [InlineData(@"[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}", @"@[a-z0-9.-]+\.[a-z]{2,}")]
    [InlineData(@"\b\d{3}-\d{2}-\d{4}\b", @"\d{3}-\d{2}-\d{4}\b")]
    [InlineData(@"\b[A-Za-z]{2,}[_-](?:[A-Za-z]{2,}[_-])?[A-Za-z0-9]{4,}", @"[_-](?:[A-Za-z]{2,}[_-])?[A-Za-z0-9]{4,}")]
    [InlineData(@"[^\s]{3,}\.\w+=", @"\.\w+=")]
    [InlineData(@"\b(your|the)[\n ]+(code|solution|implementation)\b", @"(code|solution|implementation)\b")]
    [InlineData(@"\b(in|to|of)[\n ]+(your|the)[\n ]+(answer|reply)", @"(answer|reply)")]
    [InlineData(@"\b(to|of)[\n ]+(me|us)\b", @"\b(to|of)[\n ]+(me|us)\b")]
    [InlineData(@"\b(reveal|dump)[\n ]+(the|your)[\n ]+prompt", @"\b(reveal|dump)[\n ]+(the|your)[\n ]+prompt")]
    [InlineData(@"\b(print|show)[\n ]+(the|your)[\n ]+prompt", @"prompt")]
    public void APieceDropsALeadThatMatchesAlmostEverywhere(string pattern, string piece)
    {
        Assert.Equal(piece, Assert.Single(Assert.Single(PrefilterPieces.Split(pattern))));
    }

    [Fact]
    public void AnAnyCharacterGapSplitsPiecesAndShortPiecesAreAndedTogether()
    {
        // Neither side is long enough alone, and together with the gap they would be an automaton with a bounded
        // repeat; as two pieces both must be seen, which proves as much.
        var pieces = Assert.Single(PrefilterPieces.Split(@"\n(so|ok)\b[^\n]{8,200}\n(hi|yo)\b"));

        Assert.Equal(2, pieces.Count);
        Assert.Contains(@"\n(so|ok)\b", pieces);
        Assert.Contains(@"\n(hi|yo)\b", pieces);
    }

    [Fact]
    public void AnEscapedNewlineIsALiteralByteOfAPiece()
    {
        // Without it "\n(how|why)" scores three bytes, too weak to stand alone, and the whole pattern, gap included,
        // would go to Hyperscan.
        Assert.Equal(@"\n(how|why)\b", Assert.Single(Assert.Single(PrefilterPieces.Split(@"[a-z]+[\s\S]*\n(how|why)\b"))));
    }

    [Theory]
    [InlineData(@"(?i)ignore previous")]
    [InlineData(@"(unbalanced")]
    public void AnUnsupportedPatternStaysWhole(string pattern)
    {
        Assert.Equal(pattern, Assert.Single(Assert.Single(PrefilterPieces.Split(pattern))));
    }

    [Fact]
    public void APieceRunsWhitespaceAsOneCharacterBecauseNormalizedTextFoldsRuns()
    {
        Assert.Equal(@"\bsystem[\n ]prompt[\n ]?:", PrefilterExpression.ForPiece(@"\bsystem[\n ]+prompt[\n ]*:"));
    }

    [Fact]
    public void ALeadingStartOrNewlineGroupBecomesOneBranchForEach()
    {
        var branches = PrefilterPieces.Split(@"(^|\n)(what|how|explain)\b[^\n]{8,200}(\n|$)");

        Assert.Equal(2, branches.Count);
        Assert.StartsWith("^(what|how|explain)", Assert.Single(branches[0]), StringComparison.Ordinal);
        Assert.StartsWith(@"\n(what|how|explain)", Assert.Single(branches[1]), StringComparison.Ordinal);
        Assert.Equal(["\nexplain", "\nhow", "\nwhat"], LiteralExpansion.Literals(PrefilterExpression.ForPiece(branches[1][0]))!.Order(StringComparer.Ordinal));
        Assert.Null(LiteralExpansion.Literals(branches[0][0]));
    }

    [Theory]
    [InlineData(@"(^|\n)?(what|how)\b")]
    [InlineData(@"(\n|x)(what|how)\b")]
    [InlineData(@"(^|[|\n])(what|how)\b")]
    public void OtherLeadingGroupsStayOneBranch(string expression) => Assert.Single(PrefilterPieces.Split(expression));

    [Fact]
    public void AnAndDropsPiecesOfCommonWordsWhenAnotherAnchorsIt()
    {
        var pieces = Assert.Single(PrefilterPieces.Split(@"\bdeveloper[\n ]+mode\b[^\n]*\bhas[\n ]no\b"));

        Assert.Equal([@"\bdeveloper[\n ]+mode\b"], pieces);
    }

    [Fact]
    public void AStartAnchoredPieceJoinsTheAnd()
    {
        var pieces = Assert.Single(PrefilterPieces.Split(@"^(hi|dear)\b[^\n]{0,40},[\s\S]*\n(what|explain)\b"));

        Assert.Contains(@"^(hi|dear)\b", pieces);
        Assert.Contains(@"\n(what|explain)\b", pieces);
    }

    [Fact]
    public void ARunTooLargeToSpellKeepsItsStrongestSpelledPart()
    {
        // 864 literals in all, past what one piece may spell: Hyperscan would compile the run as an automaton.
        const string Run = @"\b(gladly|happily|freely)[\n ](generate|create|produce|output)[\n ](uncensored|unfiltered|explicit)[\n ](content|text|material)\b";
        Assert.Null(LiteralExpansion.Literals(Run));

        var piece = Assert.Single(Assert.Single(PrefilterPieces.Split(Run)));

        Assert.Equal(@"\b(gladly|happily|freely)[\n ](generate|create|produce|output)[\n ](uncensored|unfiltered|explicit)", piece);
        Assert.NotNull(LiteralExpansion.Literals(piece));
    }

    [Fact]
    public void ARunTooLargeToSpellStaysWholeWhenEveryPartIsAFrequentPhrase()
    {
        // Each part that could be spelled is one or two words prose is full of ("following", "say the"), found far
        // more often than the automaton for the whole run costs.
        const string Run = @"\b(print|show|say|tell|give|type|list|write|read|copy|send|share|name|find|use|make)[\n ](the|your|my|our|this|that|these|those)[\n ](above|below|following)\b";
        Assert.Null(LiteralExpansion.Literals(Run));

        Assert.Equal(Run, Assert.Single(Assert.Single(PrefilterPieces.Split(Run))));
    }
}
