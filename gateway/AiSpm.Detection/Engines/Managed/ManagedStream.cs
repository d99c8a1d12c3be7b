namespace AiSpm.Detection.Engines.Managed;

/// <summary>
/// Stream mode for the managed engine: rescans a window at the tail of the text so far. Matches longer than
/// <see cref="Window"/> bytes that straddle pieces can be missed; the Hyperscan engine has no such limit.
/// </summary>
internal sealed class ManagedStream(ManagedEngine engine) : IMatchStream
{
    internal const int Window = 16 * 1024;
    private int _scanned;

    public void Feed(ReadOnlySpan<byte> all, int pieceStart, MatchSink sink)
    {
        _ = pieceStart;
        Rescan(all, sink, all.Length);
    }

    public void Complete(ReadOnlySpan<byte> all, MatchSink sink)
    {
        _scanned = -1;
        Rescan(all, sink, -1);
    }

    private void Rescan(ReadOnlySpan<byte> all, MatchSink sink, int pendingEnd)
    {
        var from = Math.Max(0, all.Length - Window);
        while (from > 0 && (all[from] & 0xC0) == 0x80)
        {
            from--;
        }

        if (all.Length == _scanned)
        {
            return;
        }

        _scanned = all.Length;
        sink.Base = from;
        sink.PendingEnd = pendingEnd;
        try
        {
            engine.Scan(all[from..], ScanPhase.Response, sink);
        }
        finally
        {
            sink.Base = 0;
            sink.PendingEnd = -1;
        }
    }

    public void Dispose()
    {
    }
}
