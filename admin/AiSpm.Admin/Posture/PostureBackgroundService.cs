namespace AiSpm.Admin.Posture;

/// <summary>
/// Evaluates every control once at start (the controls may have changed with the release, or while this replica was
/// down), then looks for expired exceptions on an interval so their results turn back to failing without waiting for
/// a scan.
/// </summary>
internal sealed partial class PostureBackgroundService(PostureService posture, PostureSettings settings, TimeProvider time, ILogger<PostureBackgroundService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Enabled)
        {
            return;
        }

        try
        {
            await RunLoggedAsync(posture.EvaluateAllAsync, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(settings.ExpirySweep, time, stoppingToken);
                await RunLoggedAsync(posture.SweepExpiredAsync, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RunLoggedAsync(Func<CancellationToken, Task> run, CancellationToken stoppingToken)
    {
        try
        {
            await run(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The store was unreachable; the next sweep or scan tries again.
            Log.Failed(logger, e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 94, EventName = "PostureRunFailed", Level = LogLevel.Error, Message = "posture: evaluation failed")]
        public static partial void Failed(ILogger logger, Exception exception);
    }
}
