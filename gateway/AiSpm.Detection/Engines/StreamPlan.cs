using System.Buffers;
using System.Numerics;

namespace AiSpm.Detection.Engines;

/// <summary>
/// How far back stream confirmation must look for each pattern. After a confirmation pass over the text up to
/// <c>L</c>, a pattern's regex result at a start <c>s</c> can only change with more text if the attempt at <c>s</c>
/// read up to <c>L</c>, i.e. <c>s &gt;= L - (longest match + one look-ahead character)</c>; a match that ended exactly
/// at <c>L</c> was held back as pending and starts in that range too. So the next pass only rescans from there
/// (<see cref="Lookback"/>). Patterns are grouped in power-of-two buckets so a pass is one regex call per bucket;
/// patterns without a bound (<c>+</c>, <c>*</c>, <c>{n,}</c>) are in the last bucket and rescan the stream's whole
/// window, unless their barrier bytes bound them (<see cref="StreamConfirmation"/>).
/// </summary>
internal sealed class StreamPlan
{
    /// <summary>Smallest bucket lookback; a bucket's lookback doubles from here.</summary>
    private const int FirstLookback = 64;

    /// <summary>Bytes of look-ahead (one BMP character) plus the byte at <c>L</c> itself.</summary>
    public const int LookAhead = 4;

    /// <summary>Largest bounded lookback (64 KB, the Hyperscan stream window); longer patterns count as unbounded.</summary>
    private const int MaxBounded = 64 * 1024;

    private readonly byte[] _bucket;
    private readonly int[] _responseByBucket;
    private readonly StreamBarriers[] _barriers;

    private StreamPlan(byte[] bucket, int[] responseByBucket, StreamBarriers[] barriers)
    {
        _bucket = bucket;
        _responseByBucket = responseByBucket;
        _barriers = barriers;
    }

    /// <summary>Bucket count; the last bucket is unbounded.</summary>
    public static int BucketCount { get; } = BitOperations.Log2(MaxBounded / FirstLookback) + 2;

    /// <summary>Every response-phase pattern, ordered by bucket (the managed stream's pattern list).</summary>
    public ReadOnlySpan<int> ResponseByBucket => _responseByBucket;

    public int PatternCount => _bucket.Length;

    public static StreamPlan Build(IReadOnlyList<CompiledPattern> patterns)
    {
        var bucket = new byte[patterns.Count];
        var barriers = new StreamBarriers[patterns.Count];
        var sets = new ByteSets();
        var response = new List<int>(patterns.Count);
        for (var i = 0; i < patterns.Count; i++)
        {
            var never = MatchAlphabet.BarrierBytes(patterns[i].Pattern);
            var counted = MatchAlphabet.Counted(patterns[i].Pattern);
            barriers[i] = new StreamBarriers(sets.Of(never), sets.Of(counted.Bytes), counted.MaxInMatch);
            var width = MatchWidth.MaxUtf8Bytes(patterns[i].Pattern, MaxBounded - LookAhead, foldedWhitespace: true);
            bucket[i] = (byte)(width == MatchWidth.Unbounded ? BucketCount - 1 : BucketOf(width + LookAhead));
            if ((patterns[i].Phase & ScanPhase.Response) != 0)
            {
                response.Add(i);
            }
        }

        var byBucket = response.ToArray();
        Array.Sort(byBucket, (a, b) => bucket[a] != bucket[b] ? bucket[a].CompareTo(bucket[b]) : a.CompareTo(b));
        return new StreamPlan(bucket, byBucket, barriers);
    }

    /// <summary>Barrier bytes that bound how far back a pattern's rescan must start (<see cref="StreamConfirmation"/>).</summary>
    public StreamBarriers BarriersOf(int pattern) => _barriers[pattern];

    public int BucketOfPattern(int pattern) => _bucket[pattern];

    /// <summary>Bytes before the previous pass's end that a pattern of <paramref name="bucket"/> must rescan; <see cref="int.MaxValue"/> for the unbounded bucket.</summary>
    public static int Lookback(int bucket) => bucket >= BucketCount - 1 ? int.MaxValue : FirstLookback << bucket;

    private static int BucketOf(int bytes)
    {
        var b = 0;
        while ((FirstLookback << b) < bytes)
        {
            b++;
        }

        return b;
    }
}

/// <summary>
/// The bytes no match of a pattern holds (<see cref="Never"/>), and the bytes no unbounded repeat takes
/// (<see cref="Counted"/>) with the most of them one match holds (<see cref="Crossings"/>); null where there are none.
/// </summary>
internal readonly record struct StreamBarriers(SearchValues<byte>? Never, SearchValues<byte>? Counted, int Crossings);
