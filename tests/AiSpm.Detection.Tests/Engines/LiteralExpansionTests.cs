using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AiSpm.Detection.Engines.Pieces;
using AiSpm.Detection.Normalization;
using AiSpm.Detection.Rules;

namespace AiSpm.Detection.Tests.Engines;

/// <summary>A piece spelled out as plain literals: every match of the piece must contain one of them.</summary>
public class LiteralExpansionTests
{
    /// <summary>
    /// Word alternations between separators become every combination; the whole piece is spelled, not a shorter part
    /// of it; whitespace is a space or a newline (optional when starred).
    /// </summary>
    [Theory]
    [InlineData(@"\b(ab|cd)[\n ](ef|gh)\b", 8, "ab ef", "cd\ngh")]
    [InlineData(@"the[\n ](previous|prior)[\n ](rules|text)\b", 16, "the previous rules", "the\nprior text")]
    [InlineData(@"\border[\s]+by\s*:", 6, "order by:", "order\nby\n:")]
    public void EveryCombinationOfTheWholePieceIsSpelled(string piece, int count, string one, string another)
    {
        var literals = LiteralExpansion.Literals(piece);

        Assert.NotNull(literals);
        Assert.Equal(count, literals.Count);
        Assert.Contains(one, literals);
        Assert.Contains(another, literals);
    }

    [Fact]
    public void AWordThatGoesOnUnspelledEndsItsLiteral()
    {
        var literals = LiteralExpansion.Literals(@"\b(ethic\w*|moral\w*|polic(y|ies))\b");

        Assert.NotNull(literals);
        Assert.Equal(["ethic", "moral", "policies", "policy"], literals.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(@"[A-Za-z0-9]{20,}")]
    [InlineData(@"<")]
    [InlineData(@"\w+foo")]
    [InlineData(@"(a|b)[\n ]c")]
    [InlineData(@"\border[\s]+by[\s]+[0-9]+")]
    public void WhatCannotBeSpelledLongEnoughStaysARegex(string piece) => Assert.Null(LiteralExpansion.Literals(piece));

    /// <summary>
    /// For the managed engine's search: what can be spelled from the piece's start, of any length, up to where the
    /// piece goes on unspelled; nothing for a piece anchored at the start, one with nothing spelled first, or a
    /// top-level alternation (a prefix of one branch is not in every match).
    /// </summary>
    [Theory]
    [InlineData(@"\b(?:ghp|gho)_[A-Za-z0-9]{36}\b", "gho_ ghp_")]
    [InlineData(@"(above|prior)([\n ]and|[\n ]?[,.:;!-])", "above prior")]
    [InlineData(@"<", "<")]
    [InlineData(@"ab[\n ]c", "ab\\nc ab c")]
    [InlineData(@"[0-9]{3}-[0-9]{2}", null)]
    [InlineData(@"^(hi|hello)\b", null)]
    [InlineData(@"abc|def", null)]
    public void LeadingLiteralsAreWhatEveryMatchStartsWith(string piece, string? expected)
    {
        var literals = LiteralExpansion.LeadingLiterals(piece);

        Assert.Equal(expected, literals is null ? null : string.Join(" ", literals.Order(StringComparer.Ordinal)).Replace("\n", "\\n", StringComparison.Ordinal));
    }

    [Fact]
    public void LeadingLiteralsStopAProductBeforeItGrowsPastTheirLimit()
    {
        // Thirteen two-way choices spell 8,192 strings; the product stops at twelve, 4,096, each a prefix of a match.
        var piece = string.Concat(Enumerable.Repeat("(a|b)", 13));
        var literals = LiteralExpansion.LeadingLiterals(piece);

        Assert.NotNull(literals);
        Assert.Equal(LiteralExpansion.MaxLeadingLiterals, literals.Count);
        Assert.All(literals, l => Assert.Matches("^[ab]{12}$", l));
    }

    [Fact]
    public void AnOptionalPartYieldsBothSpellings()
    {
        var literals = LiteralExpansion.Literals(@"api[_-]?key");

        Assert.NotNull(literals);
        Assert.Equal(["api-key", "api_key", "apikey"], literals.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EscapesEveryByteButLettersDigitsAndSpace()
    {
        Assert.Equal(@"(?:a\x0ab c\x2e|\xc3\xa9t\xc3\xa9s)", LiteralExpansion.ExpressionFor("(a\nb c\\.|étés)"));
    }

    [Fact]
    public void WordBoundariesAtTheEndsStayOnTheLiteralsTheyBound()
    {
        Assert.Equal(@"\b(?:drop\b|exec\b)", LiteralExpansion.ExpressionFor(@"\b(drop|exec)\b"));
        Assert.Equal(@"\b(?:ethic|moral|policy\b)", LiteralExpansion.ExpressionFor(@"\b(ethic\w*|moral\w*|policy)\b"));
    }

    /// <summary>
    /// On every dev corpus text, every match of every shipped piece that has a literal spelling contains one of its
    /// literals; a literal set that missed one would make Hyperscan skip a rule the regex would have matched.
    /// </summary>
    [Fact]
    public void EveryShippedPieceMatchOnTheDevCorpusContainsOneOfItsLiterals()
    {
        var errors = new List<string>();
        var rules = RulePackLoader.LoadDirectory(Inspectors.RulesDirectory, errors);
        Assert.Empty(errors);
        var texts = new List<string>();
        foreach (var line in File.ReadLines(Path.Combine(Inspectors.CorpusDirectory, "dev.jsonl")))
        {
            using var doc = JsonDocument.Parse(line);
            var normalized = new NormalizedText();
            Normalizer.Normalize(Encoding.UTF8.GetBytes(doc.RootElement.GetProperty("text").GetString()!), jsonEscaped: false, 0, normalized);
            texts.Add(Encoding.UTF8.GetString(normalized.Bytes));
        }

        var spelled = 0;
        var matched = 0;
        foreach (var rule in rules.Rules)
        {
            foreach (var pattern in rule.Patterns)
            {
                if (pattern.IsLiteral)
                {
                    continue;
                }

                foreach (var branch in PrefilterPieces.Split(pattern.Expression))
                {
                    foreach (var piece in branch)
                    {
                        var expression = PrefilterExpression.ForPiece(piece);
                        if (LiteralExpansion.Literals(expression) is not { } literals)
                        {
                            continue;
                        }

                        spelled++;
                        var comparison = pattern.Caseless ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
                        var regex = new Regex(expression, (pattern.Caseless ? RegexOptions.IgnoreCase : RegexOptions.None) | RegexOptions.CultureInvariant);
                        foreach (var text in texts)
                        {
                            foreach (Match m in regex.Matches(text))
                            {
                                matched++;
                                Assert.True(literals.Exists(l => m.Value.Contains(l, comparison)), $"{rule.Info.Id}: '{m.Value}' matches {expression} but holds none of its literals");
                            }
                        }
                    }
                }
            }
        }

        Assert.True(spelled > 200, $"only {spelled} pieces spelled out");
        Assert.True(matched > 1000, $"only {matched} piece matches checked");
    }
}
