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
    /// The payload of the event's data lines. Multi-line data is rare for model APIs; only the first data line is
    /// returned, which is what every provider sends.
    /// </summary>
    public static ReadOnlySpan<byte> Data(ReadOnlySpan<byte> sseEvent)
    {
        while (!sseEvent.IsEmpty)
        {
            var lf = sseEvent.IndexOf((byte)'\n');
            var line = lf < 0 ? sseEvent : sseEvent[..lf];
            sseEvent = lf < 0 ? default : sseEvent[(lf + 1)..];
            if (line.Length > 0 && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            if (line.StartsWith("data:"u8))
            {
                line = line[5..];
                return line.Length > 0 && line[0] == (byte)' ' ? line[1..] : line;
            }
        }

        return default;
    }
}
