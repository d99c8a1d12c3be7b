using System.Collections.Concurrent;
using AiSpm.Contracts;

namespace AiSpm.Gateway.Traffic;

/// <summary>
/// Sums every finished request into per-minute cells by (route, model, key, team). Recording is a dictionary lookup
/// and a few interlocked adds; the cells of closed minutes are drained by <see cref="TrafficReporter"/>. The number of
/// cells per minute is capped: past it, requests count under the route with model, key and team <c>(other)</c>, so a
/// flood of distinct keys cannot grow memory without bound.
/// </summary>
internal sealed class TrafficRecorder(TimeProvider time, bool enabled, int maxCellsPerMinute = 10_000)
{
    public const string Other = "(other)";

    private readonly ConcurrentDictionary<TrafficKey, TrafficCell> _cells = new();
    private readonly ConcurrentDictionary<long, int> _cellsPerMinute = new();

    public bool Enabled => enabled;

    public void Record(TrafficTag tag, int status, long elapsedTicks)
    {
        if (!enabled || tag.Exchange is not { } exchange)
        {
            return;
        }

        var now = time.GetUtcNow().UtcTicks;
        var minute = now - (now % TimeSpan.TicksPerMinute);
        var model = string.IsNullOrEmpty(exchange.Model) ? null : exchange.Model;
        var key = new TrafficKey(minute, exchange.Route, model, exchange.Identity.KeyAlias, exchange.Identity.Team);
        if (!_cells.TryGetValue(key, out var cell))
        {
            if (_cellsPerMinute.AddOrUpdate(minute, 1, static (_, n) => n + 1) > maxCellsPerMinute)
            {
                key = new TrafficKey(minute, exchange.Route, Other, Other, Other);
            }

            cell = _cells.GetOrAdd(key, static _ => new TrafficCell());
        }

        cell.Add(status, elapsedTicks, tag.TokensIn, tag.TokensOut, tag.TraceArrived);
    }

    /// <summary>
    /// Removes and returns the summaries of minutes that ended before the previous minute began (a request still
    /// finishing in a minute that just closed has a full minute to land), or of every minute when
    /// <paramref name="all"/> (at shutdown).
    /// </summary>
    public List<TrafficSummary> Drain(bool all = false)
    {
        var now = time.GetUtcNow().UtcTicks;
        var cutoff = all ? long.MaxValue : now - (now % TimeSpan.TicksPerMinute) - TimeSpan.TicksPerMinute;
        var drained = new List<TrafficSummary>();
        foreach (var (key, _) in _cells)
        {
            if (key.MinuteTicks < cutoff && _cells.TryRemove(key, out var cell))
            {
                drained.Add(cell.ToSummary(key));
            }
        }

        foreach (var (minute, _) in _cellsPerMinute)
        {
            if (minute < cutoff)
            {
                _cellsPerMinute.TryRemove(minute, out _);
            }
        }

        drained.Sort(static (a, b) => a.Minute.CompareTo(b.Minute));
        return drained;
    }
}
