namespace AiSpm.Detection.Engines.Managed;

/// <summary>
/// Stream mode for the managed engine: after each piece, every response pattern is rescanned over the tail of the
/// text that can still change its matches (<see cref="StreamPlan.Lookback"/> before the previous pass's end; a pattern
/// without a bounded match length rescans the whole <see cref="Window"/>). Matches longer than <see cref="Window"/>
/// bytes that straddle pieces can be missed; the Hyperscan engine's limit is 64 KB.
/// </summary>
internal sealed class ManagedStream(ManagedEngine engine) : IMatchStream
{
    internal const int Window = 16 * 1024;
    private readonly ConfirmationSet _confirmed = new();
    private readonly Func<int, int> _ruleOf = engine.RuleOf;
    private StreamPlan? _plan;
    private int _previousEnd;

    public void Attach(StreamPlan plan)
    {
        _plan = plan;
        _confirmed.Size(plan.PatternCount, engine.RuleCount);
        foreach (var pattern in plan.ResponseByBucket)
        {
            _confirmed.Add(plan, pattern, engine.RuleOf(pattern), 0);
        }
    }

    public void Settle(int rule) => _confirmed.Settle(_plan!, rule, _ruleOf, _previousEnd);

    public void Feed(ReadOnlySpan<byte> all, int pieceStart, MatchSink sink)
    {
        _ = pieceStart;
        if (all.Length != _previousEnd)
        {
            Rescan(all, sink, all.Length);
        }
    }

    public void Complete(ReadOnlySpan<byte> all, MatchSink sink) => Rescan(all, sink, -1);

    private void Rescan(ReadOnlySpan<byte> all, MatchSink sink, int pendingEnd)
    {
        if (!all.IsEmpty)
        {
            var plan = _plan!;
            StreamConfirmation.Run(engine, plan, all, _previousEnd, Window, _confirmed.Active, sink, pendingEnd);
            if (_confirmed.DeferredCount > 0 && (pendingEnd < 0 || all.Length - _confirmed.DeferredEnd >= ConfirmationSet.DeferredStride))
            {
                StreamConfirmation.Run(engine, plan, all, _confirmed.DeferredEnd, Window, _confirmed.Deferred, sink, pendingEnd);
                _confirmed.DeferredEnd = all.Length;
            }
        }

        _previousEnd = all.Length;
    }

    public bool TryReset()
    {
        _previousEnd = 0;
        _confirmed.Clear();
        if (_plan is { } plan)
        {
            foreach (var pattern in plan.ResponseByBucket)
            {
                _confirmed.Add(plan, pattern, engine.RuleOf(pattern), 0);
            }
        }

        return true;
    }

    public void Dispose()
    {
    }
}
