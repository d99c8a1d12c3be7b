using System.Buffers;

namespace AiSpm.Gateway.Streaming;

/// <summary>Finds server-sent-event boundaries (a line feed followed by an empty line, LF or CRLF).</summary>
internal static class SseEventSplitter
{
    /// <summary>Length of the first complete event in <paramref name="buffer"/>, delimiter included; 0 when none is complete.</summary>
    public static int NextEventLength(ReadOnlySpan<byte> buffer)
    {
        var offset = 0;
        while (true)
        {
            var lf = buffer[offset..].IndexOf((byte)'\n');
            if (lf < 0)
            {
                return 0;
            }

            var p = offset + lf + 1;
            if (p < buffer.Length && buffer[p] == (byte)'\n')
            {
                return p + 1;
            }

            if (p + 1 < buffer.Length && buffer[p] == (byte)'\r' && buffer[p + 1] == (byte)'\n')
            {
                return p + 2;
            }

            if (p >= buffer.Length || (p + 1 >= buffer.Length && buffer[p] == (byte)'\r'))
            {
                return 0;
            }

            offset = p;
        }
    }

    /// <summary>
    /// The event's data as the SSE spec reads it, and as SDK clients do: its data lines joined by line feeds. One data
    /// line, what providers send, is returned in place; several are joined into an array rented from the shared pool
    /// into <paramref name="joined"/>, which the caller returns.
    /// </summary>
    public static ReadOnlySpan<byte> Data(ReadOnlySpan<byte> sseEvent, ref byte[]? joined)
    {
        var first = default(ReadOnlySpan<byte>);
        var lines = 0;
        var length = 0;
        var rest = sseEvent;
        while (!rest.IsEmpty)
        {
            var lf = rest.IndexOf((byte)'\n');
            var line = lf < 0 ? rest : rest[..lf];
            rest = lf < 0 ? default : rest[(lf + 1)..];
            if (!TryDataValue(line, out var value))
            {
                continue;
            }

            if (lines == 0)
            {
                first = value;
            }
            else
            {
                if (lines == 1)
                {
                    // The joined data is never longer than the event it came from.
                    joined = ArrayPool<byte>.Shared.Rent(sseEvent.Length);
                    first.CopyTo(joined);
                    length = first.Length;
                }

                joined![length++] = (byte)'\n';
                value.CopyTo(joined.AsSpan(length));
                length += value.Length;
            }

            lines++;
        }

        return lines > 1 ? joined.AsSpan(0, length) : first;
    }

    // A data line's value: after "data:" and one optional space, without the line's carriage return.
    private static bool TryDataValue(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> value)
    {
        if (line.Length > 0 && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        value = default;
        if (!line.StartsWith("data:"u8))
        {
            return false;
        }

        line = line[5..];
        value = line.Length > 0 && line[0] == (byte)' ' ? line[1..] : line;
        return true;
    }
}
