namespace AiSpm.Detection.Engines;

/// <summary>
/// The patterns a stream keeps confirming, in <see cref="StreamPlan.BucketOfPattern"/> order, split in two: active
/// patterns get a pass after every piece; patterns of a rule that already has a published finding (settled) are
/// deferred to a pass every <see cref="DeferredStride"/> bytes and at completion. The verdict for a settled rule is
/// made, and enforce mode ends the stream at its first finding; deferring only keeps a long monitored stream linear
/// (a pattern without a length bound rescans the whole window on each pass). At completion the findings hold every
/// finding of a block scan; a span of a settled rule published before a deferred pass joined it to a touching one
/// stays too, since published findings are never taken back (<c>javascript:javascript:alert(1)</c> can give
/// <c>alert(1)</c> and then the whole).
/// </summary>
internal sealed class ConfirmationSet
{
    /// <summary>Text a deferred pass waits for: about forty deltas of a typical stream.</summary>
    public const int DeferredStride = 1024;

    private int[] _active = [];
    private int[] _deferred = [];
    private bool[] _settled = [];

    public int ActiveCount { get; private set; }

    public int DeferredCount { get; private set; }

    public ReadOnlySpan<int> Active => _active.AsSpan(0, ActiveCount);

    public ReadOnlySpan<int> Deferred => _deferred.AsSpan(0, DeferredCount);

    /// <summary>The text length at the last deferred pass.</summary>
    public int DeferredEnd { get; set; }

    public void Size(int patternCount, int ruleCount)
    {
        _active = new int[patternCount];
        _deferred = new int[patternCount];
        _settled = new bool[ruleCount];
    }

    public void Clear()
    {
        ActiveCount = 0;
        DeferredCount = 0;
        DeferredEnd = 0;
        _settled.AsSpan().Clear();
    }

    public bool IsSettled(int rule) => _settled[rule];

    /// <summary>Adds a pattern that has had its first pass, to the active or (its rule settled) the deferred list.</summary>
    public void Add(StreamPlan plan, int pattern, int rule, int passedAt)
    {
        if (_settled[rule])
        {
            if (DeferredCount == 0)
            {
                DeferredEnd = passedAt;
            }

            Insert(plan, _deferred, DeferredCount++, pattern);
            return;
        }

        Insert(plan, _active, ActiveCount++, pattern);
    }

    /// <summary>Moves a rule's active patterns to the deferred list; <paramref name="passedAt"/> is where their last pass ended.</summary>
    public void Settle(StreamPlan plan, int rule, Func<int, int> ruleOf, int passedAt)
    {
        if (_settled[rule])
        {
            return;
        }

        _settled[rule] = true;
        var w = 0;
        for (var i = 0; i < ActiveCount; i++)
        {
            var pattern = _active[i];
            if (ruleOf(pattern) != rule)
            {
                _active[w++] = pattern;
                continue;
            }

            if (DeferredCount == 0)
            {
                DeferredEnd = passedAt;
            }

            // A pattern that passed later than the deferred list did is rescanned from the older point: more work, never less.
            Insert(plan, _deferred, DeferredCount++, pattern);
        }

        ActiveCount = w;
    }

    private static void Insert(StreamPlan plan, int[] list, int count, int pattern)
    {
        var bucket = plan.BucketOfPattern(pattern);
        var k = count;
        while (k > 0 && plan.BucketOfPattern(list[k - 1]) > bucket)
        {
            list[k] = list[k - 1];
            k--;
        }

        list[k] = pattern;
    }
}
