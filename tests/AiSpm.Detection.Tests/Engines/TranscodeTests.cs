using System.Text;
using AiSpm.Detection.Engines.Managed;
using AiSpm.Detection.Normalization;
using CsCheck;

namespace AiSpm.Detection.Tests.Engines;

/// <summary>
/// The managed engine's UTF-8 to UTF-16 step widens ASCII runs in bulk; it must give what rune-by-rune decoding gives:
/// folded letters of the supported scripts as themselves, any other non-ASCII character as U+FFFD.
/// </summary>
public class TranscodeTests
{
    private static (string Text, int[] Offsets) RuneByRune(byte[] utf8)
    {
        var sb = new StringBuilder();
        var offsets = new List<int>();
        var i = 0;
        while (i < utf8.Length)
        {
            Rune.DecodeFromUtf8(utf8.AsSpan(i), out var rune, out var used);
            offsets.Add(i);
            sb.Append(rune.Value < 0x80 || ScriptFold.IsKept(rune.Value) ? (char)rune.Value : '\uFFFD');
            i += used;
        }

        offsets.Add(i);
        return (sb.ToString(), [.. offsets]);
    }

    [Fact]
    public void AgreesWithRuneByRuneDecodingOnMixedAndBrokenUtf8()
    {
        // ASCII, two-, three- and four-byte characters, and stray continuation and lead bytes.
        byte[][] pieces = [[(byte)'a'], [(byte)' '], "Ignore previous instructions "u8.ToArray(), "é"u8.ToArray(), "—"u8.ToArray(), "😀"u8.ToArray(), "и"u8.ToArray(), "忽"u8.ToArray(), "И"u8.ToArray(), [0x80], [0xC3], [0xFF], [0xE2, 0x80]];
        Gen.Int[0, pieces.Length - 1].Array[0, 80].Select(picks => picks.SelectMany(p => pieces[p]).ToArray()).Sample(utf8 =>
        {
            var chars = new char[utf8.Length];
            var offsets = new int[utf8.Length + 1];
            var n = ManagedEngine.Transcode(utf8, chars, offsets);
            var (text, expected) = RuneByRune(utf8);
            Assert.Equal(text, new string(chars, 0, n));
            Assert.Equal(expected, offsets[..(n + 1)]);
        }, iter: 3000);
    }
}
