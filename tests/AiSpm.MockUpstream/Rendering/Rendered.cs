namespace AiSpm.MockUpstream.Rendering;

/// <summary>A pre-serialized response body; for SSE, <see cref="EventEnds"/> marks where each event ends so it can be paced or cut.</summary>
internal sealed class Rendered(byte[] bytes, int[] eventEnds)
{
    public byte[] Bytes { get; } = bytes;

    public int[] EventEnds { get; } = eventEnds;

    public ReadOnlyMemory<byte> Event(int index)
    {
        var start = index == 0 ? 0 : EventEnds[index - 1];
        return Bytes.AsMemory(start, EventEnds[index] - start);
    }
}
