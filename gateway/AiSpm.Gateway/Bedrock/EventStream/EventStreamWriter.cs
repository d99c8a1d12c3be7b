using System.Buffers;
using System.Buffers.Binary;

namespace AiSpm.Gateway.Bedrock.EventStream;

/// <summary>Writes event-stream frames with string headers, both checksums included.</summary>
internal static class EventStreamWriter
{
    public static ReadOnlySpan<byte> MessageType => ":message-type"u8;
    public static ReadOnlySpan<byte> EventType => ":event-type"u8;
    public static ReadOnlySpan<byte> ExceptionType => ":exception-type"u8;
    public static ReadOnlySpan<byte> ContentType => ":content-type"u8;
    public static ReadOnlySpan<byte> Event => "event"u8;
    public static ReadOnlySpan<byte> Exception => "exception"u8;
    public static ReadOnlySpan<byte> Json => "application/json"u8;

    /// <summary>
    /// An exception frame as AWS services send them mid-stream (<c>:message-type</c> exception, <c>:exception-type</c>
    /// naming a member of the operation's stream union, a JSON payload with <c>message</c>): the SDKs raise it as that
    /// modeled exception.
    /// </summary>
    public static void WriteException(IBufferWriter<byte> output, ReadOnlySpan<byte> exceptionType, ReadOnlySpan<byte> jsonPayload) =>
        Write(output, ExceptionType, exceptionType, ContentType, Json, MessageType, Exception, jsonPayload);

    /// <summary>An event frame (<c>:message-type</c> event) carrying a JSON payload.</summary>
    public static void WriteEvent(IBufferWriter<byte> output, ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> jsonPayload) =>
        Write(output, EventType, eventType, ContentType, Json, MessageType, Event, jsonPayload);

    /// <summary>A frame with three string headers (names up to 255 bytes, values up to 65535) and a payload.</summary>
    public static void Write(
        IBufferWriter<byte> output,
        ReadOnlySpan<byte> name1,
        ReadOnlySpan<byte> value1,
        ReadOnlySpan<byte> name2,
        ReadOnlySpan<byte> value2,
        ReadOnlySpan<byte> name3,
        ReadOnlySpan<byte> value3,
        ReadOnlySpan<byte> payload)
    {
        var headersLength = HeaderLength(name1, value1) + HeaderLength(name2, value2) + HeaderLength(name3, value3);
        var total = EventStreamReader.MinFrameLength + headersLength + payload.Length;
        var span = output.GetSpan(total)[..total];
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)total);
        BinaryPrimitives.WriteUInt32BigEndian(span[4..], (uint)headersLength);
        BinaryPrimitives.WriteUInt32BigEndian(span[8..], Crc32.Compute(span[..8]));
        var at = EventStreamReader.PreludeLength;
        at = WriteHeader(span, at, name1, value1);
        at = WriteHeader(span, at, name2, value2);
        at = WriteHeader(span, at, name3, value3);
        payload.CopyTo(span[at..]);
        at += payload.Length;
        BinaryPrimitives.WriteUInt32BigEndian(span[at..], Crc32.Compute(span[..at]));
        output.Advance(total);
    }

    private static int HeaderLength(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) => name.IsEmpty ? 0 : 1 + name.Length + 1 + 2 + value.Length;

    private static int WriteHeader(Span<byte> span, int at, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        if (name.IsEmpty)
        {
            return at;
        }

        span[at++] = (byte)name.Length;
        name.CopyTo(span[at..]);
        at += name.Length;
        span[at++] = EventStreamReader.StringType;
        BinaryPrimitives.WriteUInt16BigEndian(span[at..], (ushort)value.Length);
        at += 2;
        value.CopyTo(span[at..]);
        return at + value.Length;
    }
}
