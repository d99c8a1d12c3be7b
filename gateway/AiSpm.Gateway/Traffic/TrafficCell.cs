using System.Diagnostics;

namespace AiSpm.Gateway.Traffic;

/// <summary>One minute of one (route, model, key, team): lock-free counters and a latency histogram.</summary>
internal sealed class TrafficCell
{
    // Milliseconds; percentiles are read as a bucket's upper bound, so they are at most one bucket high.
    private static readonly double[] BoundsMs = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 120000];

    private readonly long[] _latency = new long[BoundsMs.Length + 1];
    private long _requests, _s2xx, _s4xx, _s5xx, _blocked, _limited, _tokensIn, _tokensOut, _traced, _maxTicks;

    public void Add(int status, long elapsedTicks, long tokensIn, long tokensOut, bool traced)
    {
        Interlocked.Increment(ref _requests);
        switch (status)
        {
            case >= 200 and < 300:
                Interlocked.Increment(ref _s2xx);
                break;
            case >= 400 and < 500:
                Interlocked.Increment(ref _s4xx);
                break;
            case >= 500:
                Interlocked.Increment(ref _s5xx);
                break;
        }

        if (status == 403)
        {
            Interlocked.Increment(ref _blocked);
        }
        else if (status == 429)
        {
            Interlocked.Increment(ref _limited);
        }

        Interlocked.Add(ref _tokensIn, tokensIn);
        Interlocked.Add(ref _tokensOut, tokensOut);
        if (traced)
        {
            Interlocked.Increment(ref _traced);
        }

        var ms = elapsedTicks * 1000.0 / Stopwatch.Frequency;
        var i = 0;
        while (i < BoundsMs.Length && ms > BoundsMs[i])
        {
            i++;
        }

        Interlocked.Increment(ref _latency[i]);
        var max = Volatile.Read(ref _maxTicks);
        while (elapsedTicks > max)
        {
            var seen = Interlocked.CompareExchange(ref _maxTicks, elapsedTicks, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    public Contracts.TrafficSummary ToSummary(TrafficKey key)
    {
        var maxMs = Volatile.Read(ref _maxTicks) * 1000.0 / Stopwatch.Frequency;
        return new Contracts.TrafficSummary
        {
            Minute = new DateTimeOffset(key.MinuteTicks, TimeSpan.Zero),
            Route = key.Route,
            Model = key.Model,
            Key = key.Key,
            Team = key.Team,
            Requests = Volatile.Read(ref _requests),
            Status2xx = Volatile.Read(ref _s2xx),
            Status4xx = Volatile.Read(ref _s4xx),
            Status5xx = Volatile.Read(ref _s5xx),
            Blocked = Volatile.Read(ref _blocked),
            RateLimited = Volatile.Read(ref _limited),
            TokensIn = Volatile.Read(ref _tokensIn),
            TokensOut = Volatile.Read(ref _tokensOut),
            WithTraceparent = Volatile.Read(ref _traced),
            LatencyP50Ms = Percentile(0.50, maxMs),
            LatencyP95Ms = Percentile(0.95, maxMs),
            LatencyP99Ms = Percentile(0.99, maxMs),
            LatencyMaxMs = Math.Round(maxMs, 3),
        };
    }

    private double Percentile(double q, double maxMs)
    {
        long total = 0;
        for (var i = 0; i < _latency.Length; i++)
        {
            total += Volatile.Read(ref _latency[i]);
        }

        if (total == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(q * total);
        long cumulative = 0;
        for (var i = 0; i < _latency.Length; i++)
        {
            cumulative += Volatile.Read(ref _latency[i]);
            if (cumulative >= rank)
            {
                return i < BoundsMs.Length ? Math.Min(BoundsMs[i], Math.Round(maxMs, 3)) : Math.Round(maxMs, 3);
            }
        }

        return Math.Round(maxMs, 3);
    }
}
