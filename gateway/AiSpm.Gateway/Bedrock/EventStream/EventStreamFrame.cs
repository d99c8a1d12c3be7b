using System.Buffers.Binary;

namespace AiSpm.Gateway.Bedrock.EventStream;

/// <summary>One validated frame: its raw header block and its payload, both slices of the buffer it was read from.</summary>
internal readonly ref struct EventStreamFrame(ReadOnlySpan<byte> headers, ReadOnlySpan<byte> payload)
{
    public ReadOnlySpan<byte> Headers { get; } = headers;

    public ReadOnlySpan<byte> Payload { get; } = payload;

    /// <summary>The value of a string header (type 7), or false when the frame has none by that name.</summary>
    public bool TryGetString(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        var rest = Headers;
        while (!rest.IsEmpty)
        {
            var nameLength = rest[0];
            var headerName = rest.Slice(1, nameLength);
            var type = rest[1 + nameLength];
            var valueStart = 2 + nameLength;
            var valueLength = EventStreamReader.ValueLength(type, rest[valueStart..], out var prefix);
            if (type == EventStreamReader.StringType && headerName.SequenceEqual(name))
            {
                value = rest.Slice(valueStart + prefix, valueLength);
                return true;
            }

            rest = rest[(valueStart + prefix + valueLength)..];
        }

        value = default;
        return false;
    }

    /// <summary>Whether the string header <paramref name="name"/> equals <paramref name="expected"/>.</summary>
    public bool HeaderEquals(ReadOnlySpan<byte> name, ReadOnlySpan<byte> expected) =>
        TryGetString(name, out var value) && value.SequenceEqual(expected);

    internal static uint ReadUInt32(ReadOnlySpan<byte> bytes) => BinaryPrimitives.ReadUInt32BigEndian(bytes);
}
