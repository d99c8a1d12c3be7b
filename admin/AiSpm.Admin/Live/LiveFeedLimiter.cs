namespace AiSpm.Admin.Live;

/// <summary>
/// Counts live-feed connections per user so one credential cannot hold an unbounded number of long-lived streams
/// (each holds a socket and a subscriber queue).
/// </summary>
internal sealed class LiveFeedLimiter
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _open = new(StringComparer.Ordinal);

    /// <summary>A lease on one connection for <paramref name="user"/>, or null when they already hold <paramref name="max"/>.</summary>
    public Lease? TryAcquire(string user, int max)
    {
        lock (_gate)
        {
            _open.TryGetValue(user, out var n);
            if (n >= max)
            {
                return null;
            }

            _open[user] = n + 1;
        }

        return new Lease(this, user);
    }

    public int OpenFor(string user)
    {
        lock (_gate)
        {
            return _open.TryGetValue(user, out var n) ? n : 0;
        }
    }

    private void Release(string user)
    {
        lock (_gate)
        {
            if (_open.TryGetValue(user, out var n))
            {
                if (n <= 1)
                {
                    _open.Remove(user);
                }
                else
                {
                    _open[user] = n - 1;
                }
            }
        }
    }

    internal sealed class Lease(LiveFeedLimiter owner, string user) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Release(user);
            }
        }
    }
}
