namespace AiSpm.Detection;

/// <summary>
/// Stream-mode scan of one streamed response: text deltas are fed in order and a match that spans deltas is still
/// found. Finding offsets are absolute positions in the concatenation of every text fed so far.
/// </summary>
public sealed class StreamInspector : IDisposable
{
    private readonly ScanContext _context;

    internal StreamInspector(ScanContext context) => _context = context;

    /// <summary>Bytes of text fed so far.</summary>
    public long Position { get; private set; }

    /// <summary>Feeds one already-unescaped UTF-8 delta (content or tool-call arguments).</summary>
    public void FeedText(ReadOnlySpan<byte> utf8Delta)
    {
        Position += utf8Delta.Length;
        _ = _context;
    }

    /// <summary>A tool call named in the stream; checked against the tools the request declared.</summary>
    public void FeedToolCall(ReadOnlySpan<byte> utf8Name)
    {
        _ = utf8Name;
    }

    /// <summary>End of stream: reports matches that only complete at end of data.</summary>
    public void Complete()
    {
    }

    public void Dispose()
    {
    }
}
