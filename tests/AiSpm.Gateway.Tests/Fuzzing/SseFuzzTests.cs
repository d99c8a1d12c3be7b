using AiSpm.Gateway.Streaming;
using AiSpm.Testing.Fuzzing;
using CsCheck;

namespace AiSpm.Gateway.Tests.Fuzzing;

public class SseFuzzTests
{
    [Fact]
    public void SplitterFindsTheSameEventsWhateverTheNetworkChunking() =>
        Gen.Select(FuzzInputs.Mutated(FuzzSeeds.SseStreams), Gen.Int[1, 64].Array[1, 16]).Sample((stream, chunks) =>
        {
            var whole = Split(stream, [stream.Length]);
            Assert.Equal(whole, Split(stream, chunks));
        }, iter: FuzzInputs.Iterations);

    [Fact]
    public void EveryEventsDataAndDeltasReadWithoutThrowing() =>
        FuzzInputs.Mutated(FuzzSeeds.SseStreams).Sample(stream =>
        {
            ReadOnlySpan<byte> rest = stream;
            int length;
            while ((length = SseEventSplitter.NextEventLength(rest)) > 0)
            {
                Assert.True(length <= rest.Length);
                byte[]? joined = null;
                var data = SseEventSplitter.Data(rest[..length], ref joined);
                var sink = new CountingSink();
                _ = SseDeltaReader.Read(data, ref sink);
                Assert.True(sink.TextBytes <= data.Length);
                rest = rest[length..];
            }
        }, iter: FuzzInputs.Iterations);

    [Theory]
    [InlineData(new byte[] { (byte)'{', (byte)'"', (byte)'\\', (byte)'u', (byte)'d', (byte)'f', (byte)'f', (byte)'f', (byte)'"', (byte)':', (byte)'1', (byte)'}' })]
    [InlineData(new byte[] { (byte)'{', (byte)'"', (byte)'t', (byte)'e', (byte)'x', (byte)'t', (byte)'"', (byte)':', (byte)'"', 0xE4, 0x99, (byte)'"', (byte)'}' })]
    public void PayloadThatIsNotTextIsReportedAsNotJsonInsteadOfThrowing(byte[] data)
    {
        // Found by the fuzz run above: a lone surrogate escaped in a key, and a value that is not UTF-8.
        var sink = new CountingSink();
        Assert.False(SseDeltaReader.Read(data, ref sink));
    }

    /// <summary>Feeds the stream as a relay receives it (chunks of the given sizes, cycling) and lists the events.</summary>
    private static List<string> Split(byte[] stream, int[] chunks)
    {
        var events = new List<string>();
        var buffer = new List<byte>();
        var offset = 0;
        var next = 0;
        while (offset < stream.Length)
        {
            var take = Math.Min(chunks[next++ % chunks.Length], stream.Length - offset);
            buffer.AddRange(stream.AsSpan(offset, take));
            offset += take;
            int length;
            while ((length = SseEventSplitter.NextEventLength(buffer.ToArray())) > 0)
            {
                events.Add(Convert.ToHexString(buffer.GetRange(0, length).ToArray()));
                buffer.RemoveRange(0, length);
            }
        }

        events.Add("rest:" + Convert.ToHexString(buffer.ToArray()));
        return events;
    }

    private struct CountingSink : IDeltaSink
    {
        public int TextBytes;

        public void Text(ReadOnlySpan<byte> utf8) => TextBytes += utf8.Length;

        public readonly void ToolCall(ReadOnlySpan<byte> utf8Name)
        {
        }
    }
}
