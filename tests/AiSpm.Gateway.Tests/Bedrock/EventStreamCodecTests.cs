using System.Buffers;
using System.Text;
using AiSpm.Gateway.Bedrock.EventStream;
using Amazon.Runtime.EventStreams;

namespace AiSpm.Gateway.Tests.Bedrock;

public sealed class EventStreamCodecTests
{
    [Fact]
    public void Crc32MatchesTheStandardCheckValue() =>
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));

    [Fact]
    public void AFrameWrittenHereReadsBackWithItsHeadersAndPayload()
    {
        var frame = Event("contentBlockDelta", """{"delta":{"text":"hi"},"contentBlockIndex":0}""");

        Assert.Equal(FrameStatus.Complete, EventStreamReader.TryRead(frame, out var read, out var length));
        Assert.Equal(frame.Length, length);
        Assert.True(read.HeaderEquals(":message-type"u8, "event"u8));
        Assert.True(read.HeaderEquals(":event-type"u8, "contentBlockDelta"u8));
        Assert.True(read.HeaderEquals(":content-type"u8, "application/json"u8));
        Assert.Equal("""{"delta":{"text":"hi"},"contentBlockIndex":0}""", Encoding.UTF8.GetString(read.Payload));
    }

    [Fact]
    public void TheAwsSdkDecodesFramesWrittenHere()
    {
        var frame = Event("chunk", """{"bytes":"eyJ0eXBlIjoieCJ9"}""");

        var message = EventStreamMessage.FromBuffer(frame, 0, frame.Length);

        Assert.Equal("event", message.Headers[":message-type"].AsString());
        Assert.Equal("chunk", message.Headers[":event-type"].AsString());
        Assert.Equal("""{"bytes":"eyJ0eXBlIjoieCJ9"}""", Encoding.UTF8.GetString(message.Payload));
    }

    [Fact]
    public void FramesTheAwsSdkEncodesAreReadHere()
    {
        var eventType = new EventStreamHeader(":event-type");
        eventType.SetString("messageStop");
        var messageType = new EventStreamHeader(":message-type");
        messageType.SetString("event");
        var number = new EventStreamHeader("n");
        number.SetInt64(42);
        var bytes = new EventStreamMessage([eventType, messageType, number], Encoding.UTF8.GetBytes("""{"stopReason":"end_turn"}""")).ToByteArray();

        Assert.Equal(FrameStatus.Complete, EventStreamReader.TryRead(bytes, out var frame, out var length));
        Assert.Equal(bytes.Length, length);
        Assert.True(frame.HeaderEquals(":event-type"u8, "messageStop"u8));
        Assert.True(frame.HeaderEquals(":message-type"u8, "event"u8));
        Assert.Equal("""{"stopReason":"end_turn"}""", Encoding.UTF8.GetString(frame.Payload));
    }

    [Fact]
    public void EveryProperPrefixOfAFrameNeedsMore()
    {
        var frame = Event("contentBlockDelta", """{"delta":{"text":"some text"},"contentBlockIndex":0}""");
        for (var length = 0; length < frame.Length; length++)
        {
            Assert.Equal(FrameStatus.NeedMore, EventStreamReader.TryRead(frame.AsSpan(0, length), out _, out _));
        }
    }

    [Fact]
    public void AnyCorruptedByteMakesTheFrameInvalid()
    {
        var frame = Event("contentBlockDelta", """{"delta":{"text":"abc"},"contentBlockIndex":0}""");
        for (var i = 0; i < frame.Length; i++)
        {
            var copy = (byte[])frame.Clone();
            copy[i] ^= 0x20;
            var status = EventStreamReader.TryRead(copy, out _, out _);
            Assert.True(status == FrameStatus.Invalid, $"byte {i}: {status}");
        }
    }

    [Fact]
    public void AnExceptionFrameCarriesTheTypeAndAJsonMessage()
    {
        var output = new ArrayBufferWriter<byte>();
        EventStreamWriter.WriteException(output, "modelStreamErrorException"u8, """{"message":"no"}"""u8);
        var bytes = output.WrittenSpan.ToArray();

        var message = EventStreamMessage.FromBuffer(bytes, 0, bytes.Length);

        Assert.Equal("exception", message.Headers[":message-type"].AsString());
        Assert.Equal("modelStreamErrorException", message.Headers[":exception-type"].AsString());
        Assert.Equal("""{"message":"no"}""", Encoding.UTF8.GetString(message.Payload));
    }

    internal static byte[] Event(string eventType, string json)
    {
        var output = new ArrayBufferWriter<byte>();
        EventStreamWriter.WriteEvent(output, Encoding.UTF8.GetBytes(eventType), Encoding.UTF8.GetBytes(json));
        return output.WrittenSpan.ToArray();
    }
}
