using AiSpm.Detection.Engines.Managed;

namespace AiSpm.Detection.Engines;

/// <summary>
/// Incremental span confirmation for stream mode: each pass rescans a pattern only from its
/// <see cref="StreamPlan.Lookback"/> before the previous pass's end (never before the stream's window), so a long
/// stream costs time linear in its length for patterns with a bounded match length.
/// </summary>
internal static class StreamConfirmation
{
    /// <summary>
    /// Rescans <paramref name="patternsByBucket"/> (ordered by <see cref="StreamPlan.BucketOfPattern"/>), one regex call
    /// per bucket, over the tail each bucket needs. <paramref name="previousEnd"/> is the text length at the previous
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
            Scan(regexes, all, from, patternsByBucket[i..j], sink, pendingEnd);
            i = j;
        }
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
