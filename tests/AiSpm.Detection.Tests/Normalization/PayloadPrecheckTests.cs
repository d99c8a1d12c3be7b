using System.Text;
using AiSpm.Detection.Normalization;
using CsCheck;

namespace AiSpm.Detection.Tests.Normalization;

/// <summary>
/// The vectorized check that lets prose skip payload decoding must say yes whenever the byte loop would try a run
/// (sixteen token bytes in a row, or two '%' in one run of them), and no otherwise.
/// </summary>
public class PayloadPrecheckTests
{
    private static bool IsToken(byte b) =>
        char.IsAsciiLetterOrDigit((char)b) || b is (byte)'+' or (byte)'-' or (byte)'.' or (byte)'/' or (byte)'=' or (byte)'_' or (byte)'%';

    private static bool Reference(ReadOnlySpan<byte> bytes)
    {
        var run = 0;
        var percents = 0;
        foreach (var b in bytes)
        {
            if (!IsToken(b))
            {
                run = 0;
                percents = 0;
                continue;
            }

            run++;
            percents += b == (byte)'%' ? 1 : 0;
            if (run >= 16 || percents >= 2)
            {
                return true;
            }
        }

        return false;
    }

    [Fact]
    public void EveryByteValueIsClassedAsTheDecoderClassesIt()
    {
        for (var b = 0; b < 256; b++)
        {
            var bytes = new byte[40];
            Array.Fill(bytes, (byte)b);
            Assert.True(Reference(bytes) == PayloadDecoder.MayHoldPayload(bytes), $"byte 0x{b:X2}");
        }
    }

    [Fact]
    public void AgreesWithTheByteLoopOnGeneratedText()
    {
        // Mostly token bytes, so runs near sixteen long are common and cross every block boundary.
        var alphabet = "abcXYZ019+/=_-. ,\n%\u00e9"u8.ToArray();
        Gen.Int[0, alphabet.Length - 1].Select(i => alphabet[i]).Array[0, 300]
            .Sample(bytes => Assert.Equal(Reference(bytes), PayloadDecoder.MayHoldPayload(bytes)), iter: 5000);
    }

    [Fact]
    public void ProseWithLongWordsHasNothingToDecode()
    {
        var prose = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("Internationally, interoperable software: 3% of respondents. ", 40)));
        Assert.False(PayloadDecoder.MayHoldPayload(prose));
        Assert.True(PayloadDecoder.MayHoldPayload(Encoding.UTF8.GetBytes("see aWdub3JlIGFsbCBwcmV2aW91cw== here")));
    }
}
