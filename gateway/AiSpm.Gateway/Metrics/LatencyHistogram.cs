using System.Diagnostics;
using System.Globalization;

namespace AiSpm.Gateway.Metrics;

/// <summary>A lock-free fixed-bucket histogram of durations, recorded in Stopwatch ticks.</summary>
internal sealed class LatencyHistogram
{
    // Seconds: fine below a millisecond, where the gateway's own cost lives; coarse above, where upstreams live.
    private static readonly double[] BoundsSeconds =
        [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

    private static readonly long[] BoundsTicks = ToTicks();
    private readonly long[] _counts = new long[BoundsSeconds.Length + 1];
    private long _sumTicks;

    public void Record(long elapsedTicks)
    {
        var i = 0;
        while (i < BoundsTicks.Length && elapsedTicks > BoundsTicks[i])
        {
            i++;
        }

        Interlocked.Increment(ref _counts[i]);
        Interlocked.Add(ref _sumTicks, elapsedTicks);
    }

    public void WriteTo(PrometheusTextWriter writer, string name, string labels)
    {
        long cumulative = 0;
        var prefix = labels.Length == 0 ? "" : labels + ",";
        for (var i = 0; i < BoundsSeconds.Length; i++)
        {
            cumulative += Volatile.Read(ref _counts[i]);
            writer.Sample(name + "_bucket", cumulative, prefix + "le=\"" + BoundsSeconds[i].ToString("R", CultureInfo.InvariantCulture) + "\"");
        }

        cumulative += Volatile.Read(ref _counts[^1]);
        writer.Sample(name + "_bucket", cumulative, prefix + "le=\"+Inf\"");
        writer.Sample(name + "_sum", (double)Volatile.Read(ref _sumTicks) / Stopwatch.Frequency, labels);
        writer.Sample(name + "_count", cumulative, labels);
    }

    private static long[] ToTicks()
    {
        var ticks = new long[BoundsSeconds.Length];
        for (var i = 0; i < ticks.Length; i++)
        {
            ticks[i] = (long)(BoundsSeconds[i] * Stopwatch.Frequency);
        }

        return ticks;
    }
}
