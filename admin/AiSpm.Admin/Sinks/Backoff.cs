namespace AiSpm.Admin.Sinks;

/// <summary>Exponential backoff with "equal jitter": half the step fixed, half random, so retries after an outage spread out but still back off.</summary>
internal static class Backoff
{
    public static TimeSpan Next(int attempts, TimeSpan baseDelay, TimeSpan maxDelay, Random random)
    {
        var exponent = Math.Min(Math.Max(attempts - 1, 0), 30);
        var step = Math.Min(maxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds(step / 2 + random.NextDouble() * step / 2);
    }
}
