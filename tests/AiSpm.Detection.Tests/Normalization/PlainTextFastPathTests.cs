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

    [Fact]
    public void MultilingualProseIsOneSegment()
    {
        var prose = Encoding.UTF8.GetBytes("日本語のテキストを要約してください。 مرحبا بالعالم ignore עברית? no: 中文 ");
        var text = new NormalizedText();
        var state = default(NormalizerState);
        Normalizer.Append(prose, jsonEscaped: false, 0, text, ref state);

        Assert.Equal(prose, text.Bytes.ToArray());
        Assert.Equal(1, text.SegmentCount);
    }

    [Fact]
    public void CharactersBeyondAsciiAgreeWithTheCharacterRules()
    {
        // Unchanged scripts mixed with what the rules change: Cyrillic and Greek look-alikes, fullwidth letters,
        // invisible and bidi characters, other spaces, astral characters, and bytes that are no UTF-8.
        char[] pool = ['a', 'z', ' ', '\n', '.', '日', '本', 'م', 'ر', 'λ', 'ж', 'é', 'а', 'о', 'ο', 'Ａ', 'ｉ', '\u200B', '\u202E', '\u00A0', '\u3000', '\u2019', '\uFEFF', '\u0301'];
        var gen = Gen.Int[0, pool.Length + 1].Array[0, 60];
        gen.Sample(picks =>
        {
            var bytes = new List<byte>();
            foreach (var p in picks)
            {
                if (p == pool.Length)
                {
                    bytes.AddRange(Encoding.UTF8.GetBytes("\U0001F600"));
                }
                else if (p == pool.Length + 1)
                {
                    bytes.Add(0xE6);
                }
                else
                {
                    bytes.AddRange(Encoding.UTF8.GetBytes(pool[p].ToString()));
                }
            }

            AssertAgreesWithCharacterRules([.. bytes]);
        }, iter: 2000);
    }

    private static void AssertAgreesWithCharacterRules(byte[] input)
    {
        var fast = new NormalizedText();
        var state = default(NormalizerState);
        Normalizer.Append(input, jsonEscaped: false, 0, fast, ref state);

        // The reference: every code point through EmitCodePoint, the path the fast one skips.
        var reference = new NormalizedText();
        var referenceState = default(NormalizerState);
        var i = 0;
        while (i < input.Length)
        {
            System.Text.Rune.DecodeFromUtf8(input.AsSpan(i), out var rune, out var used);
            used = Math.Max(1, used);
            Normalizer.EmitCodePoint(rune.Value, i, i + used, reference, ref referenceState);
            i += used;
        }

        Assert.Equal(Encoding.UTF8.GetString(reference.Bytes), Encoding.UTF8.GetString(fast.Bytes));
        Assert.Equal(reference.Bytes.ToArray(), fast.Bytes.ToArray());

        // Every character of the output maps back to the same source range, whether copied in a run or one by one.
        var at = 0;
        while (at < fast.Length)
        {
            System.Text.Rune.DecodeFromUtf8(fast.Bytes[at..], out _, out var length);
            Assert.Equal(reference.MapToSource(at, at + length), fast.MapToSource(at, at + length));
            at += length;
        }
    }

    [Theory]
    [InlineData("say DAN\n%3Chello%3E%20world")]
    [InlineData("say DAN %3Chello%3E%20world ")]
    [InlineData("aGVsbG8gd29ybGQsIHRoaXMgaXMgYmFzZTY0IHRleHQ= \n\n")]
    public void ADecodedPayloadJoinsWithoutAWhitespaceRun(string input)
    {
        var output = new NormalizedText();
        Normalizer.Normalize(Encoding.UTF8.GetBytes(input), jsonEscaped: false, 0, output);
        var text = Encoding.UTF8.GetString(output.Bytes);

        Assert.True(text.Length > input.Trim().Length, "a payload was decoded and appended: " + text);
        for (var i = 1; i < text.Length; i++)
        {
            Assert.False(text[i] is ' ' or '\n' && text[i - 1] is ' ' or '\n', "whitespace run at " + i + " in: " + text.Replace("\n", "\\n"));
        }
    }
}
