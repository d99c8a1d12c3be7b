namespace AiSpm.Detection.Engines.Hyperscan;

/// <summary>
/// One <c>hs_stream_t</c>: Hyperscan keeps the automaton state between pieces, so a match across pieces fires. Rules
/// that ever fired are confirmed again after every piece over the tail of the text (a span still growing at the end
/// of the text so far is pending and confirmed by a later piece or at completion).
/// </summary>
internal sealed unsafe class HyperscanStream : IMatchStream
{
    private const int Window = 64 * 1024;
    private readonly HyperscanEngine _engine;
    private readonly HsStreamHandle _stream;
    private readonly List<int> _fired = [];
    private readonly MatchSink _probe = new();

    // Pieces accumulate over the whole stream: a rule's pieces may arrive in different pieces of text.
    private readonly MatchSink _pieces = new();

    public HyperscanStream(HyperscanEngine engine)
    {
        _engine = engine;
        var rc = HsNative.OpenStream(engine.StreamDatabase, 0, out var s);
        if (rc != HsNative.Success)
        {
            HyperscanEngine.ThrowScanFailed(rc);
        }

        _stream = HsStreamHandle.Wrap(s);
        _pieces.Reset(engine.ResponseMap.PieceCount);
    }

    public void Feed(ReadOnlySpan<byte> all, int pieceStart, MatchSink sink)
    {
        var piece = all[pieceStart..];
        if (piece.IsEmpty || _stream.IsInvalid)
        {
            return;
        }

        _probe.Reset(_engine.PatternCount);
        var ctx = new HsCallbackContext { Sink = _pieces.Handle, Rules = _engine.RuleMap };
        fixed (byte* data = piece)
        {
            var rc = HsNative.ScanStream(_stream.DangerousGetHandle(), data, (uint)piece.Length, 0, _engine.Scratch.DangerousGetHandle(), &HyperscanEngine.OnMatch, &ctx);
            if (rc != HsNative.Success)
            {
                HyperscanEngine.ThrowScanFailed(rc);
            }
        }

        Confirm(all, sink, all.Length);
    }

    private void Confirm(ReadOnlySpan<byte> all, MatchSink sink, int pendingEnd)
    {
        _engine.ResponseMap.Resolve(_pieces, _probe);
        foreach (var r in _probe.FiredRules)
        {
            if (!_fired.Contains(r))
            {
                _fired.Add(r);
            }
        }

        if (_fired.Count == 0)
        {
            return;
        }

        var from = Math.Max(0, all.Length - Window);
        while (from > 0 && (all[from] & 0xC0) == 0x80)
        {
            from--;
        }

        sink.Base = from;
        sink.PendingEnd = pendingEnd;
        try
        {
            _engine.Confirm.ScanPatterns(all[from..], System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_fired), sink);
        }
        finally
        {
            sink.Base = 0;
            sink.PendingEnd = -1;
        }
    }

    public void Complete(ReadOnlySpan<byte> all, MatchSink sink)
    {
        if (_stream.IsInvalid)
        {
            return;
        }

        _probe.Reset(_engine.PatternCount);
        var ctx = new HsCallbackContext { Sink = _pieces.Handle, Rules = _engine.RuleMap };
        var rc = HsNative.CloseStream(_stream.DangerousGetHandle(), _engine.Scratch.DangerousGetHandle(), &HyperscanEngine.OnMatch, &ctx);
        _stream.MarkClosed();
        if (rc != HsNative.Success)
        {
            HyperscanEngine.ThrowScanFailed(rc);
        }

        Confirm(all, sink, -1);
    }

    public void Dispose() => _stream.Dispose();
}
