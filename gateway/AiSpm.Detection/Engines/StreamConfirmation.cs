using System.Buffers;
using AiSpm.Detection.Engines.Managed;

namespace AiSpm.Detection.Engines;

/// <summary>
/// Incremental span confirmation for stream mode: each pass rescans a pattern only from its
/// <see cref="StreamPlan.Lookback"/> before the previous pass's end (never before the stream's window), so a long
/// stream costs time linear in its length for patterns with a bounded match length. A pattern with barrier bytes
/// (<see cref="MatchAlphabet"/>) rescans only from past the barriers it cannot cross, however long its matches may be:
/// on real text a generic secret assignment or a SQL pattern that is a candidate but never matches otherwise rescanned
/// the whole 64 KB window after every delta, about two seconds for a 128 KB response in 24-byte deltas.
/// </summary>
internal static class StreamConfirmation
{
    // Below this a pattern's own pass would save less than the extra regex call and transcode cost.
    private const int MinimumSaving = 256;

    /// <summary>
    /// Rescans <paramref name="patternsByBucket"/> (ordered by <see cref="StreamPlan.BucketOfPattern"/>), one regex call
    /// per bucket over the tail the bucket needs, and one more for each pattern whose barriers need a much shorter one. <paramref name="previousEnd"/> is the text length at the previous
    /// pass over these patterns (0 if none).
    /// </summary>
    public static void Run(ManagedEngine regexes, StreamPlan plan, ReadOnlySpan<byte> all, int previousEnd, int window, ReadOnlySpan<int> patternsByBucket, MatchSink sink, int pendingEnd)
    {
        var windowFrom = CharStart(all, Math.Max(0, all.Length - window));
        var i = 0;
        while (i < patternsByBucket.Length)
        {
            var bucket = plan.BucketOfPattern(patternsByBucket[i]);
            var j = i + 1;
            while (j < patternsByBucket.Length && plan.BucketOfPattern(patternsByBucket[j]) == bucket)
            {
                j++;
            }

            var lookback = StreamPlan.Lookback(bucket);
            var from = lookback >= previousEnd ? windowFrom : Math.Max(windowFrom, CharStart(all, previousEnd - lookback));
            ScanBucket(regexes, plan, all, from, previousEnd, patternsByBucket[i..j], sink, pendingEnd);
            i = j;
        }
    }

    // One regex call for the patterns that rescan from the bucket's start, and one each for those whose barriers let
    // them start later.
    private static void ScanBucket(ManagedEngine regexes, StreamPlan plan, ReadOnlySpan<byte> all, int from, int previousEnd, ReadOnlySpan<int> patterns, MatchSink sink, int pendingEnd)
    {
        int[]? rented = null;
        var together = patterns.Length <= 256 ? stackalloc int[patterns.Length] : (rented = ArrayPool<int>.Shared.Rent(patterns.Length));
        var count = 0;
        foreach (var pattern in patterns)
        {
            // Each bound only searches the text the one before left, so the later of the two costs no more.
            var barriers = plan.BarriersOf(pattern);
            var own = from;
            if (barriers.Never is { } never)
            {
                own = BarrierFrom(all, own, previousEnd, never, 0);
            }

            if (barriers.Counted is { } counted)
            {
                own = BarrierFrom(all, own, previousEnd, counted, barriers.Crossings);
            }

            if (own - from < MinimumSaving)
            {
                together[count++] = pattern;
            }
            else
            {
                Scan(regexes, all, own, [pattern], sink, pendingEnd);
            }
        }

        if (count > 0)
        {
            Scan(regexes, all, from, together[..count], sink, pendingEnd);
        }

        if (rented is not null)
        {
            ArrayPool<int>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Where a pattern that holds at most <paramref name="crossings"/> of <paramref name="barriers"/> per match must
    /// rescan from, at or after <paramref name="from"/>. An attempt whose result more text can change reads past
    /// <c>previousEnd - LookAhead</c>, and what it read before that is a prefix of a match, so it holds at most
    /// <paramref name="crossings"/> barrier bytes: the attempt starts after the barrier one more than that back.
    /// </summary>
    internal static int BarrierFrom(ReadOnlySpan<byte> all, int from, int previousEnd, SearchValues<byte> barriers, int crossings)
    {
        var back = Math.Max(from, previousEnd - StreamPlan.LookAhead);
        for (var k = 0; k <= crossings; k++)
        {
            var at = all[from..back].LastIndexOfAny(barriers);
            if (at < 0)
            {
                return from;
            }

            back = from + at;
        }

        // Barriers are ASCII, so the byte after one starts a character.
        return back + 1;
    }

    /// <summary>Scans <paramref name="patterns"/> over the text from <paramref name="from"/> into <paramref name="sink"/> in absolute offsets.</summary>
    public static void Scan(ManagedEngine regexes, ReadOnlySpan<byte> all, int from, ReadOnlySpan<int> patterns, MatchSink sink, int pendingEnd)
    {
        // One character of left context, so \b and ^ at `from` see the real text; matches starting in it are dropped.
        var context = from > 0 ? CharStart(all, from - 1) : 0;
        sink.Base = context;
        sink.PendingEnd = pendingEnd;
        sink.MinStart = from;
        try
        {
            regexes.ScanPatterns(all[context..], patterns, sink);
        }
        finally
        {
            sink.Base = 0;
            sink.PendingEnd = -1;
            sink.MinStart = 0;
        }
    }

    /// <summary>The start of the UTF-8 character that byte <paramref name="at"/> belongs to.</summary>
    public static int CharStart(ReadOnlySpan<byte> all, int at)
    {
        while (at > 0 && at < all.Length && (all[at] & 0xC0) == 0x80)
        {
            at--;
        }

        return at;
    }
}
