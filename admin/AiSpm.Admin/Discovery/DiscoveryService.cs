namespace AiSpm.Admin.Discovery;

/// <summary>
/// Runs discovery at start and then each connector on its own interval (default 15 minutes). Connectors that fall
/// due together run in one scan. Runs on demand go through <see cref="DiscoveryRunner"/> directly.
/// </summary>
internal sealed partial class DiscoveryService(DiscoveryRunner runner, DiscoverySettings settings, TimeProvider time, ILogger<DiscoveryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Enabled || settings.Connectors.Count == 0)
        {
            return;
        }

        var next = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var start = time.GetUtcNow();
        foreach (var c in settings.Connectors)
        {
            next[c.Name] = settings.RunAtStart ? start : start + c.Interval;
        }

        var trigger = settings.RunAtStart ? "start" : "schedule";
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var now = time.GetUtcNow();
                var due = new List<DiscoveryConnectorSettings>();
                foreach (var c in settings.Connectors)
                {
                    if (next[c.Name] <= now)
                    {
                        due.Add(c);
                        next[c.Name] = now + c.Interval;
                    }
                }

                if (due.Count > 0)
                {
                    try
                    {
                        await runner.RunAsync(due, trigger, onlyIfDue: trigger == "schedule", stoppingToken);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // The store was unreachable (the runner records every other failure in the run); try again next time.
                        Log.ScheduleFailed(logger, ex);
                    }

                    trigger = "schedule";
                }

                var wait = TimeSpan.FromSeconds(60);
                foreach (var (_, at) in next)
                {
                    var d = at - time.GetUtcNow();
                    if (d < wait)
                    {
                        wait = d;
                    }
                }

                await Task.Delay(wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait, time, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 64, EventName = "DiscoveryScheduleFailed", Level = LogLevel.Error, Message = "discovery: scheduled run failed")]
        public static partial void ScheduleFailed(ILogger logger, Exception exception);
    }
}
