using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AiSpm.Detection.Engines;

/// <summary>
/// Collects engine matches and reduces them to the canonical semantics both engines share: per rule, the union of
/// every matching span, as disjoint sorted intervals (touching intervals merge). Reused per thread; no allocation
/// after the arrays have grown to the working size.
/// </summary>
/// <remarks>
/// A stream canonicalizes after every delta while its matches accumulate, so <see cref="Canonicalize"/> sorts only
/// what was added since the last call and merges it into the canonical list, and <see cref="Changed"/> says which
/// entries that touched: a stream of text dense with matches (a log of addresses, a page of markup) no longer sorts and
/// walks every match of the stream after each delta (128 KB with 8,500 findings took about a second).
/// </remarks>
internal sealed class MatchSink
{
    private RawMatch[] _items = new RawMatch[64];
    private RawMatch[] _merged = new RawMatch[64];
    private int[] _changed = new int[16];
    private int _canonical;
    private int[] _lastByRule = [];
    private bool[] _fired = [];
    private int[] _firedRules = new int[16];
    private nint _handle;

    public int Count { get; private set; }

    /// <summary>Rules an engine reported at least one match for in this scan, in first-report order.</summary>
    public ReadOnlySpan<int> FiredRules => _firedRules.AsSpan(0, FiredCount);

    public int FiredCount { get; private set; }

    /// <summary>A weak GCHandle to this sink, for native callbacks; made once per sink.</summary>
    public nint Handle => _handle != 0 ? _handle : _handle = GCHandle.ToIntPtr(GCHandle.Alloc(this, GCHandleType.Weak));

    public ReadOnlySpan<RawMatch> Matches => _items.AsSpan(0, Count);

    /// <summary>Indexes into <see cref="Matches"/> of the entries the last <see cref="Canonicalize"/> added or changed, ascending.</summary>
    public ReadOnlySpan<int> Changed => _changed.AsSpan(0, ChangedCount);

    private int ChangedCount { get; set; }

    /// <summary>Added to every reported offset (a managed stream rescans a window that starts past 0).</summary>
    public int Base { get; set; }

    /// <summary>
    /// Matches ending exactly here are not final yet (more text may follow and undo a <c>$</c> or <c>\b</c>), so a
    /// stream rescan drops them; -1 keeps everything.
    /// </summary>
    public int PendingEnd { get; set; } = -1;

    /// <summary>
    /// Matches starting before this absolute offset are dropped: a stream rescan starts one character early so that
    /// <c>\b</c> and <c>^</c> see real left context, and the match attempts in that character are not its own.
    /// </summary>
    public int MinStart { get; set; }

    /// <summary>How many rules the sink was reset for.</summary>
    public int RuleCapacity { get; private set; }

    public void Reset(int ruleCount)
    {
        RuleCapacity = ruleCount;
        if (_lastByRule.Length < ruleCount)
        {
            _lastByRule = new int[ruleCount];
        }

        _lastByRule.AsSpan(0, ruleCount).Fill(-1);
        if (_fired.Length < ruleCount)
        {
            _fired = new bool[ruleCount];
        }

        _fired.AsSpan(0, ruleCount).Clear();
        FiredCount = 0;
        Count = 0;
        _canonical = 0;
        ChangedCount = 0;
        Base = 0;
        PendingEnd = -1;
        MinStart = 0;
    }

    public bool HasFired(int rule) => _fired[rule];

    /// <summary>Records that a rule matched somewhere (Hyperscan reports ends only; spans come from confirmation).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Fire(int rule)
    {
        if (_fired[rule])
        {
            return;
        }

        _fired[rule] = true;
        if (FiredCount == _firedRules.Length)
        {
            Array.Resize(ref _firedRules, _firedRules.Length * 2);
        }

        _firedRules[FiredCount++] = rule;
    }

    /// <summary>Adds one match; consecutive overlapping reports of a rule fold into one entry so the list stays short.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int rule, int start, int end)
    {
        start += Base;
        end += Base;
        if (end == PendingEnd || start < MinStart)
        {
            return;
        }

        Fire(rule);

        // A canonical entry is not changed in place: the next Canonicalize would not see it. Only entries added since
        // take the fold.
        var last = _lastByRule[rule];
        if (last >= _canonical)
        {
            ref var m = ref _items[last];
            if (start <= m.End && end >= m.Start)
            {
                m.Start = Math.Min(m.Start, start);
                m.End = Math.Max(m.End, end);
                return;
            }
        }

        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        _items[Count] = new RawMatch { Rule = rule, Start = start, End = end };
        _lastByRule[rule] = Count++;
    }

    /// <summary>
    /// Sorts by rule then start and merges overlapping or touching spans of the same rule. Entries canonical since the
    /// last call are already so; only those added since are sorted, then both lists are merged in one pass.
    /// </summary>
    public void Canonicalize()
    {
        ChangedCount = 0;
        var fresh = _items.AsSpan(_canonical, Count - _canonical);
        if (fresh.IsEmpty)
        {
            return;
        }

        fresh.Sort(static (a, b) => Compare(a, b));
        if (_merged.Length < Count)
        {
            _merged = new RawMatch[_items.Length];
        }

        var old = _items.AsSpan(0, _canonical);
        var i = 0;
        var j = 0;
        var w = -1;
        while (i < old.Length || j < fresh.Length)
        {
            var isFresh = i == old.Length || (j < fresh.Length && Compare(fresh[j], old[i]) < 0);
            var next = isFresh ? fresh[j++] : old[i++];
            if (w >= 0 && _merged[w].Rule == next.Rule && next.Start <= _merged[w].End)
            {
                if (next.End > _merged[w].End)
                {
                    _merged[w].End = next.End;
                    MarkChanged(w);
                }

                continue;
            }

            _merged[++w] = next;
            if (isFresh)
            {
                MarkChanged(w);
            }
        }

        (_items, _merged) = (_merged, _items);
        Count = w + 1;
        _canonical = Count;
        var items = _items.AsSpan(0, Count);
        for (var k = 0; k < items.Length; k++)
        {
            _lastByRule[items[k].Rule] = k;
        }
    }

    private static int Compare(in RawMatch a, in RawMatch b) =>
        a.Rule != b.Rule ? a.Rule.CompareTo(b.Rule) : a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.End.CompareTo(b.End);

    private void MarkChanged(int index)
    {
        if (ChangedCount > 0 && _changed[ChangedCount - 1] == index)
        {
            return;
        }

        if (ChangedCount == _changed.Length)
        {
            Array.Resize(ref _changed, _changed.Length * 2);
        }

        _changed[ChangedCount++] = index;
    }
}
