namespace AiSpm.Admin.Posture;

/// <summary>
/// Evaluates every control once at start (the controls may have changed with the release, or while this replica was
/// down), then looks for expired exceptions on an interval so their results turn back to failing without waiting for
/// a scan. The controls that read behaviour run again after traffic summaries arrive (<see cref="BehaviourSignal"/>,
/// after <see cref="PostureSettings.BehaviourDelay"/>) and every <see cref="PostureSettings.BehaviourInterval"/>.
/// </summary>
internal sealed partial class PostureBackgroundService(
    PostureService posture,
    PostureSettings settings,
    BehaviourSignal signal,
    TimeProvider time,
    ILogger<PostureBackgroundService> logger) : BackgroundService
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
            await Task.WhenAll(SweepAsync(stoppingToken), BehaviourAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task SweepAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(settings.ExpirySweep, time, stoppingToken);
            await RunLoggedAsync(posture.SweepExpiredAsync, stoppingToken);
        }
    }

    private async Task BehaviourAsync(CancellationToken stoppingToken)
    {
        // One wait for the signal outlives the interval's ticks, so no signal is read and dropped.
        Task? arrived = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            arrived ??= signal.WaitAsync(stoppingToken).AsTask();
            using (var tick = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
            {
                var interval = Task.Delay(settings.BehaviourInterval, time, tick.Token);
                if (await Task.WhenAny(arrived, interval) == arrived)
                {
                    await arrived;
                    arrived = null;
                    if (settings.BehaviourDelay > TimeSpan.Zero)
                    {
                        await Task.Delay(settings.BehaviourDelay, time, stoppingToken);
                    }
                }

                await tick.CancelAsync();
            }

            await RunLoggedAsync(posture.EvaluateBehaviourAsync, stoppingToken);
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
