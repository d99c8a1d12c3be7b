using System.Buffers.Binary;

namespace AiSpm.Gateway.Bedrock.EventStream;

/// <summary>
/// Reads AWS event-stream frames (<c>application/vnd.amazon.eventstream</c>): a 12-byte prelude (total length, headers
/// length, prelude CRC32), the headers, the payload and a CRC32 over everything before it, all big-endian. Works on
/// whatever prefix of the stream has arrived: a frame split anywhere is <see cref="FrameStatus.NeedMore"/> until whole.
/// </summary>
internal static class EventStreamReader
{
    public const int PreludeLength = 12;
    public const int MinFrameLength = PreludeLength + 4;

    /// <summary>The largest frame the relay accepts (the specification's limit is 16 MiB; headers at most 128 KiB).</summary>
    public const int MaxFrameLength = 16 * 1024 * 1024;
    public const int MaxHeadersLength = 128 * 1024;

    public const byte StringType = 7;

    /// <summary>Reads the frame at the start of <paramref name="buffer"/>; <paramref name="frameLength"/> is its size when complete.</summary>
    public static FrameStatus TryRead(ReadOnlySpan<byte> buffer, out EventStreamFrame frame, out int frameLength)
    {
        frame = default;
        frameLength = 0;
        if (buffer.Length < PreludeLength)
        {
            return FrameStatus.NeedMore;
        }

        var total = BinaryPrimitives.ReadUInt32BigEndian(buffer);
        var headersLength = BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]);
        var preludeCrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[8..]);
        // The prelude checksum is checked before the lengths are believed: a corrupt length must not make the relay
        // wait for 16 MiB that will never come.
        if (Crc32.Compute(buffer[..8]) != preludeCrc
            || total is < MinFrameLength or > MaxFrameLength
            || headersLength > MaxHeadersLength
            || headersLength > total - MinFrameLength)
        {
            return FrameStatus.Invalid;
        }

        if (buffer.Length < (int)total)
        {
            return FrameStatus.NeedMore;
        }

        var whole = buffer[..(int)total];
        var messageCrc = BinaryPrimitives.ReadUInt32BigEndian(whole[^4..]);
        if (Crc32.Compute(whole[..^4]) != messageCrc)
        {
            return FrameStatus.Invalid;
        }

        var headers = whole.Slice(PreludeLength, (int)headersLength);
        if (!HeadersAreWellFormed(headers))
        {
            return FrameStatus.Invalid;
        }

        frame = new EventStreamFrame(headers, whole[(PreludeLength + (int)headersLength)..^4]);
        frameLength = (int)total;
        return FrameStatus.Complete;
    }

    /// <summary>
    /// The length of a header value of <paramref name="type"/> whose encoding starts at <paramref name="value"/>, and
    /// the size of its length prefix (two bytes for byte arrays and strings). -1 for an unknown type or a short value.
    /// </summary>
    internal static int ValueLength(byte type, ReadOnlySpan<byte> value, out int prefix)
    {
        prefix = 0;
        switch (type)
        {
            case 0 or 1:
                return 0;
            case 2:
                return 1;
            case 3:
                return 2;
            case 4:
                return 4;
            case 5 or 8:
                return 8;
            case 9:
                return 16;
            case 6 or StringType:
                if (value.Length < 2)
                {
                    return -1;
                }

                prefix = 2;
                return BinaryPrimitives.ReadUInt16BigEndian(value);
            default:
                return -1;
        }
    }

    private static bool HeadersAreWellFormed(ReadOnlySpan<byte> headers)
    {
        var rest = headers;
        while (!rest.IsEmpty)
        {
            var nameLength = rest[0];
            if (nameLength == 0 || rest.Length < 2 + nameLength)
            {
                return false;
            }

            var valueStart = 2 + nameLength;
            var length = ValueLength(rest[1 + nameLength], rest[valueStart..], out var prefix);
            if (length < 0 || rest.Length < valueStart + prefix + length)
            {
                return false;
            }

            rest = rest[(valueStart + prefix + length)..];
        }

        return true;
    }
}
