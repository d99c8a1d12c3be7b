using System.Text;
using System.Text.RegularExpressions;
using AiSpm.Detection.Normalization;
using CsCheck;

namespace AiSpm.Detection.Tests.Normalization;

/// <summary>
/// A stream's text is built by <see cref="Normalizer.Append"/> alone, delta after delta, and holds no two whitespace
/// characters in a row and no whitespace but a space or a newline. Stream confirmation counts on it: a whitespace
/// repeat such as <c>\s*</c> matches one character at most there, which bounds how far back a rescan must start.
/// </summary>
public partial class StreamWhitespaceTests
{
    // Whitespace of every kind the regexes' \s takes, characters the normalizer drops or expands (zero-width space,
    // a diaeresis whose compatibility form starts with a space, a parenthesized digit), and ordinary text.
    private static readonly string[] Pieces =
    [
        " ", "  ", "\t", "\n", "\r\n", "\v", "\f", "\u0085", "\u00A0", "\u1680", "\u2003", "\u2028", "\u2029", "\u202F",
        "\u205F", "\u3000", "\u200B", "\u2060", "\u00A8", "\u2474", "\uFF41", "\u0430", "a", "word", "x.y", "\\n", "\"",
    ];

    [GeneratedRegex(@"\s")]
    private static partial Regex Whitespace();

    private static void AssertNoRunsAcrossDeltas(string[] deltas)
    {
        var output = new NormalizedText();
        var state = default(NormalizerState);
        var position = 0;
        foreach (var delta in deltas)
        {
            var bytes = Encoding.UTF8.GetBytes(delta);
            Normalizer.Append(bytes, jsonEscaped: false, position, output, ref state);
            position += bytes.Length;
        }

        var text = Encoding.UTF8.GetString(output.Bytes);
        var last = -2;
        foreach (Match m in Whitespace().Matches(text))
        {
            Assert.True(m.Value is " " or "\n", $"whitespace U+{(int)m.Value[0]:X4} left in the text of [{string.Join("|", deltas)}]");
            Assert.True(m.Index != last + 1, $"two whitespace characters in a row at {m.Index} in the text of [{string.Join("|", deltas)}]");
            last = m.Index;
        }
    }

    [Fact]
    public void WhitespaceStaysSingleWhereDeltasMeet() =>
        AssertNoRunsAcrossDeltas(["ends with a space ", " starts with one", "\n", "\u3000and\u200B", " ", "\u00A8"]);

    [Fact]
    public void GeneratedDeltasNeverLeaveAWhitespaceRun() =>
        Gen.Int[0, Pieces.Length - 1].Array[1, 12].Array[1, 8]
            .Select(deltas => Array.ConvertAll(deltas, d => string.Concat(Array.ConvertAll(d, i => Pieces[i]))))
            .Sample(AssertNoRunsAcrossDeltas, iter: 3000);
}
