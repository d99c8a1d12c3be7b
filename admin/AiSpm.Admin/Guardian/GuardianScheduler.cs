namespace AiSpm.Admin.Guardian;

/// <summary>
/// At start, releases the claims a stopped replica left behind; then runs a pass (and the same recovery) every
/// <see cref="GuardianSettings.Interval"/> while the Guardian is on.
/// </summary>
internal sealed class GuardianScheduler(GuardianService guardian, ILogger<GuardianScheduler> logger) : BackgroundService
{
    /// <summary>Longer than any step's calls with their retries and timeouts can take.</summary>
    public static readonly TimeSpan StaleClaim = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = guardian.Settings;
        if (settings.IsOff)
        {
            return;
        }

        await RecoverAsync(stoppingToken);
        if (settings.Interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(settings.Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await RecoverAsync(stoppingToken);
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

    private async Task RecoverAsync(CancellationToken stoppingToken)
    {
        try
        {
            await guardian.RecoverAsync(StaleClaim, stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            GuardianLog.PassFailed(logger, ex);
        }
    }
}
