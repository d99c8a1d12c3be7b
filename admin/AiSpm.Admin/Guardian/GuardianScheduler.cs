namespace AiSpm.Admin.Guardian;

/// <summary>Runs a pass every <see cref="GuardianSettings.Interval"/> while the Guardian is on.</summary>
internal sealed class GuardianScheduler(GuardianService guardian, ILogger<GuardianScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = guardian.Settings;
        if (settings.IsOff || settings.Interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(settings.Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await guardian.RunAsync(dryRun: false, GuardianService.Self, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                GuardianLog.PassFailed(logger, ex);
            }
        }
    }
}
