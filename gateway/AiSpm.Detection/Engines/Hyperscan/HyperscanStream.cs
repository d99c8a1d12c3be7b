using AiSpm.Detection.Engines.Pieces;

namespace AiSpm.Detection.Engines.Hyperscan;

/// <summary>
/// One <c>hs_stream_t</c>: Hyperscan keeps the automaton state between pieces, so a match across pieces fires. A rule
/// pattern whose pieces have all fired is a candidate; its regex recovers spans after every piece (a span ending at
/// the end of the text so far is pending and confirmed by a later piece or at completion). The first pass over a new
/// candidate covers the whole window (its pieces may lie anywhere in it); later passes only the pattern's
/// <see cref="StreamPlan.Lookback"/> before the previous pass's end, so one early hit does not make every later
/// piece rescan the window. Completion resets the native stream in place (<c>hs_reset_stream</c>), so a pooled
/// stream is reused without a new native allocation.
/// </summary>
internal sealed unsafe class HyperscanStream : IMatchStream
{
    private const int Window = 64 * 1024;
    private readonly HyperscanEngine _engine;
    private readonly HsStreamHandle _stream;

    // Pieces accumulate over the whole stream: a rule's pieces may arrive in different pieces of text.
    private readonly MatchSink _pieces = new();

    // Patterns whose pieces all fired, in first-fire order; _seenCandidates counts those already taken in.
    private readonly MatchSink _candidates = new();
    private readonly ConfirmationSet _confirmed = new();
    private readonly Func<int, int> _ruleOf;
    private StreamPlan? _plan;
    private int _seenCandidates;
    private int _resolvedPieces;
    private int _previousEnd;
    private bool _dirty;

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
        _candidates.Reset(engine.PatternCount);
        _ruleOf = engine.Confirm.RuleOf;
    }

    public void Attach(StreamPlan plan)
    {
        _plan = plan;
        _confirmed.Size(plan.PatternCount, _engine.Confirm.RuleCount);
    }

    public void Settle(int rule) => _confirmed.Settle(_plan!, rule, _ruleOf, _previousEnd);

    public void Feed(ReadOnlySpan<byte> all, int pieceStart, MatchSink sink)
    {
        var piece = all[pieceStart..];
        if (piece.IsEmpty || _stream.IsInvalid)
        {
            return;
        }

        _dirty = true;
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

    public void Complete(ReadOnlySpan<byte> all, MatchSink sink)
    {
        if (_stream.IsInvalid)
        {
            return;
        }

        // Same as hs_close_stream (end-of-data matches are reported) and leaves a fresh stream for the next use.
        var ctx = new HsCallbackContext { Sink = _pieces.Handle, Rules = _engine.RuleMap };
        var rc = HsNative.ResetStream(_stream.DangerousGetHandle(), 0, _engine.Scratch.DangerousGetHandle(), &HyperscanEngine.OnMatch, &ctx);
        _dirty = false;
        if (rc != HsNative.Success)
        {
            HyperscanEngine.ThrowScanFailed(rc);
        }

        Confirm(all, sink, -1);
    }

    private void Confirm(ReadOnlySpan<byte> all, MatchSink sink, int pendingEnd)
    {
        // A pattern becomes a candidate when the last of its pieces fires, so nothing changes without a new piece.
        if (_pieces.FiredCount != _resolvedPieces)
        {
            _engine.ResponseMap.Resolve(_pieces, _candidates);
            _resolvedPieces = _pieces.FiredCount;
        }

        var plan = _plan!;
        var confirm = _engine.Confirm;
        if (_confirmed.ActiveCount > 0)
        {
            StreamConfirmation.Run(confirm, plan, all, _previousEnd, Window, _confirmed.Active, sink, pendingEnd);
        }

        if (_confirmed.DeferredCount > 0 && (pendingEnd < 0 || all.Length - _confirmed.DeferredEnd >= ConfirmationSet.DeferredStride))
        {
            StreamConfirmation.Run(confirm, plan, all, _confirmed.DeferredEnd, Window, _confirmed.Deferred, sink, pendingEnd);
            _confirmed.DeferredEnd = all.Length;
        }

        var candidates = _candidates.FiredRules;
        if (candidates.Length > _seenCandidates)
        {
            // A new candidate gets one pass over the window (its pieces may lie anywhere in it), then joins the others.
            var fresh = candidates[_seenCandidates..];
            _seenCandidates = candidates.Length;
            var windowFrom = StreamConfirmation.CharStart(all, Math.Max(0, all.Length - Window));
            StreamConfirmation.Scan(confirm, all, windowFrom, fresh, sink, pendingEnd);
            foreach (var pattern in fresh)
            {
                _confirmed.Add(plan, pattern, confirm.RuleOf(pattern), all.Length);
            }
        }

        _previousEnd = all.Length;
    }

    public bool TryReset()
    {
        if (_stream.IsInvalid)
        {
            return false;
        }

        if (_dirty)
        {
            // Abandoned before completion: drop its state without reporting anything (no callback, no scratch).
            _dirty = false;
            if (HsNative.ResetStream(_stream.DangerousGetHandle(), 0, 0, null, null) != HsNative.Success)
            {
                return false;
            }
        }

        _pieces.Reset(_engine.ResponseMap.PieceCount);
        _candidates.Reset(_engine.PatternCount);
        _confirmed.Clear();
        _seenCandidates = 0;
        _resolvedPieces = 0;
        _previousEnd = 0;
        return true;
    }

    public void Dispose() => _stream.Dispose();
}
