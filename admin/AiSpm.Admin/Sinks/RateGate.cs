namespace AiSpm.Admin.Sinks;

/// <summary>A per-sink rate limit: one send every 1/rate seconds, waiting rather than dropping.</summary>
internal sealed class RateGate(double perSecond, TimeProvider time)
{
    private readonly TimeSpan _interval = TimeSpan.FromSeconds(1 / perSecond);
    private DateTimeOffset _next = DateTimeOffset.MinValue;

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_next > now)
        {
            await Task.Delay(_next - now, time, cancellationToken);
            now = _next;
        }

        _next = now + _interval;
    }
}
