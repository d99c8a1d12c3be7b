using AiSpm.Detection.Normalization;
using CsCheck;

namespace AiSpm.Detection.Tests.Normalization;

/// <summary>
/// The source map is stored as segments; every byte must still map where a plain per-byte map would put it, whatever
/// mix of bulk runs, single bytes, repeated ranges and widened last bytes built the text.
/// </summary>
public class SourceMapTests
{
    private enum Op
    {
        Run,
        Byte,
        SameRange,
        Extend,
    }

    [Fact]
    public void SegmentsMapEveryByteAsAPerByteMapWould()
    {
        var step = Gen.Select(Gen.Enum<Op>(), Gen.Int[1, 40], Gen.Int[0, 3]);
        step.Array[1, 60].Sample(steps =>
        {
            var text = new NormalizedText();
            var expected = new List<(int Start, int End)>();
            var source = 0;
            foreach (var (op, length, skip) in steps)
            {
                source += skip;
                switch (op)
                {
                    case Op.Run:
                        text.AppendRun(new byte[length], source);
                        for (var k = 0; k < length; k++)
                        {
                            expected.Add((source + k, source + k + 1));
                        }

                        source += length;
                        break;
                    case Op.Byte:
                        text.Append((byte)'x', source, source + (length % 3));
                        expected.Add((source, source + (length % 3)));
                        source += length % 3;
                        break;
                    case Op.SameRange:
                        for (var k = 0; k < 1 + (length % 4); k++)
                        {
                            text.Append((byte)'y', source, source + length);
                            expected.Add((source, source + length));
                        }

                        source += length;
                        break;
                    case Op.Extend when expected.Count > 0:
                        text.ExtendLast(source + length);
                        expected[^1] = (expected[^1].Start, Math.Max(expected[^1].End, source + length));
                        source += length;
                        break;
                }
            }

            Assert.Equal(expected.Count, text.Length);
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i], text.SourceRangeAt(i));
            }

            for (var start = 0; start < expected.Count; start += 7)
            {
                var end = Math.Min(expected.Count, start + 1 + (start % 13));
                var outer = (Math.Min(expected[start].Start, expected[end - 1].Start), Math.Max(expected[start].End, expected[end - 1].End));
                Assert.Equal(outer, text.MapToSource(start, end));
            }
        }, iter: 3000);
    }

    [Fact]
    public void PlainProseIsOneSegment()
    {
        var prose = "Please summarise the quarterly report and list the three largest cost centres.\nThen explain it. "u8;
        var text = new NormalizedText();
        var state = default(NormalizerState);
        for (var k = 0; k < 50; k++)
        {
            Normalizer.Append(prose, jsonEscaped: false, k * prose.Length, text, ref state);
        }

        Assert.Equal(50 * prose.Length, text.Length);
        Assert.Equal(1, text.SegmentCount);
    }
}
