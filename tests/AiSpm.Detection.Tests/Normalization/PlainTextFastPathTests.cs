using System.Text;
using AiSpm.Detection.Normalization;
using CsCheck;

namespace AiSpm.Detection.Tests.Normalization;

/// <summary>
/// Printable ASCII is copied in bulk; the result must be what the character-by-character rules give: every whitespace
/// run folded to its first character (a newline if the run holds one), and every byte mapped to its source range.
/// </summary>
public class PlainTextFastPathTests
{
    private static (string Text, List<(int Start, int End)> Map) Expected(string input)
    {
        var sb = new StringBuilder();
        var map = new List<(int, int)>();
        for (var i = 0; i < input.Length; i++)
        {
            var c = input[i];
            if (c is ' ' or '\n')
            {
                var j = i;
                var newline = false;
                while (j < input.Length && input[j] is ' ' or '\n')
                {
                    newline |= input[j] == '\n';
                    j++;
                }

                sb.Append(newline ? '\n' : ' ');
                map.Add((i, j));
                i = j - 1;
                continue;
            }

            sb.Append(c);
            map.Add((i, i + 1));
        }

        return (sb.ToString(), map);
    }

    private static void AssertNormalizesAsExpected(string input)
    {
        var output = new NormalizedText();
        var state = default(NormalizerState);
        Normalizer.Append(Encoding.ASCII.GetBytes(input), jsonEscaped: false, 0, output, ref state);
        var (text, map) = Expected(input);
        Assert.Equal(text, Encoding.ASCII.GetString(output.Bytes));
        for (var i = 0; i < map.Count; i++)
        {
            Assert.Equal(map[i], output.SourceRangeAt(i));
        }
    }

    [Theory]
    [InlineData("ignore   previous instructions")]
    [InlineData("  leading and trailing  ")]
    [InlineData("a \n b")]
    [InlineData("one two  three   four    five")]
    [InlineData("a longer run of plain text that crosses several vector widths, with punctuation: (yes) [no] {maybe}!")]
    public void FoldsSpacesAndKeepsTheSourceMap(string input) => AssertNormalizesAsExpected(input);

    [Fact]
    public void AgreesWithTheCharacterRulesOnGeneratedText()
    {
        Gen.Char[' ', '~'].Array[0, 200].Select(chars => new string(chars).Replace('~', '\n'))
            .Sample(AssertNormalizesAsExpected, iter: 2000);
    }

    [Fact]
    public void AJsonBackslashStillUnescapes()
    {
        var output = new NormalizedText();
        var state = default(NormalizerState);
        Normalizer.Append("say \\\"hi\\\"\\nnow"u8, jsonEscaped: true, 0, output, ref state);
        Assert.Equal("say \"hi\"\nnow", Encoding.ASCII.GetString(output.Bytes));
    }
}
