using System.Diagnostics;

namespace AiSpm.Gateway.Enforcement;

/// <summary>A per-minute token bucket: <c>capacity</c> tokens, refilled continuously at capacity per minute.</summary>
internal sealed class TokenBucket(double capacity)
{
    private readonly Lock _gate = new();
    private double _tokens = capacity;
    private long _last = Stopwatch.GetTimestamp();

    public double Capacity { get; } = capacity;

    /// <summary>When the bucket was last used, on the limiter's use counter: what least-recently-used eviction orders by.</summary>
    public long LastUsed { get => Volatile.Read(ref field); set => Volatile.Write(ref field, value); }

    public bool TryTake(double amount)
    {
        lock (_gate)
        {
            Refill();
            if (_tokens < amount)
            {
                return false;
            }

            _tokens -= amount;
            return true;
        }
    }

    /// <summary>Takes what was used even past empty (token volume is known only after the response).</summary>
    public void Charge(double amount)
    {
        lock (_gate)
        {
            Refill();
            _tokens -= amount;
        }
    }

    public bool IsExhausted
    {
        get
        {
            lock (_gate)
            {
                Refill();
                return _tokens <= 0;
            }
        }
    }

    private void Refill()
    {
        var now = Stopwatch.GetTimestamp();
        var minutes = (double)(now - _last) / Stopwatch.Frequency / 60;
        _last = now;
        _tokens = Math.Min(Capacity, _tokens + (minutes * Capacity));
    }
}
