using System.Text;
using AiSpm.Gateway.Streaming;

namespace AiSpm.Gateway.Tests.Streaming;

public class SseEventSplitterTests
{
    private const string Stream =
        "data: {\"a\":1}\n\n" +
        "event: response.output_text.delta\r\ndata: {\"delta\":\"x\"}\r\n\r\n" +
        ": comment\ndata: [DONE]\n\n";

    [Fact]
    public void SplitsEveryEventAndKeepsTheirBytes()
    {
        var events = SplitAll(Encoding.UTF8.GetBytes(Stream), chunk: int.MaxValue);
        Assert.Equal(["data: {\"a\":1}\n\n", "event: response.output_text.delta\r\ndata: {\"delta\":\"x\"}\r\n\r\n", ": comment\ndata: [DONE]\n\n"], events);
    }

    [Fact]
    public void GivesTheSameEventsAtEverySplitPoint()
    {
        var bytes = Encoding.UTF8.GetBytes(Stream);
        var expected = SplitAll(bytes, int.MaxValue);
        for (var split = 1; split < bytes.Length; split++)
        {
            Assert.Equal(expected, SplitAtPoint(bytes, split));
        }
    }

    [Fact]
    public void ReturnsZeroForAnIncompleteEvent()
    {
        Assert.Equal(0, SseEventSplitter.NextEventLength("data: {\"a\":1}\n"u8));
        Assert.Equal(0, SseEventSplitter.NextEventLength("data: {\"a\":1}\r\n\r"u8));
        Assert.Equal(0, SseEventSplitter.NextEventLength(""u8));
    }

    [Fact]
    public void DataSkipsTheOptionalSpaceAndOtherFields()
    {
        Assert.Equal("{\"x\":1}", Data("event: e\r\ndata:{\"x\":1}\r\n\r\n"u8, out var joined));
        Assert.Null(joined);
        Assert.Equal("[DONE]", Data("data: [DONE]\n\n"u8, out _));
        Assert.Equal("", Data(": keep-alive\n\n"u8, out _));
    }

    [Fact]
    public void SeveralDataLinesAreJoinedByLineFeedsAsClientsJoinThem()
    {
        Assert.Equal("{\"choices\":[{\"delta\":\n{\"content\":\"hi\"}}]}", Data("data: {\"choices\":[{\"delta\":\r\n: note\r\ndata:{\"content\":\"hi\"}}]}\r\n\r\n"u8, out var joined));
        Assert.NotNull(joined);
        Assert.Equal("a\n\nb", Data("data: a\ndata:\ndata: b\n\n"u8, out _));
    }

    private static string Data(ReadOnlySpan<byte> sseEvent, out byte[]? joined)
    {
        joined = null;
        var text = Encoding.UTF8.GetString(SseEventSplitter.Data(sseEvent, ref joined));
        if (joined is not null)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(joined);
        }

        return text;
    }

    private static List<string> SplitAtPoint(byte[] bytes, int split)
    {
        var events = new List<string>();
        var pending = new List<byte>();
        foreach (var part in new[] { bytes[..split], bytes[split..] })
        {
            pending.AddRange(part);
            Drain(pending, events);
        }

        Assert.Empty(pending);
        return events;
    }

    private static List<string> SplitAll(byte[] bytes, int chunk)
    {
        var events = new List<string>();
        var pending = new List<byte>(bytes.Take(chunk));
        Drain(pending, events);
        return events;
    }

    private static void Drain(List<byte> pending, List<string> events)
    {
        int length;
        while ((length = SseEventSplitter.NextEventLength(pending.ToArray())) > 0)
        {
            events.Add(Encoding.UTF8.GetString(pending.GetRange(0, length).ToArray()));
            pending.RemoveRange(0, length);
        }
    }
}
