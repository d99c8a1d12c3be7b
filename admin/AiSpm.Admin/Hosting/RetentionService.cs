using AiSpm.Admin.Storage;

namespace AiSpm.Admin.Hosting;

/// <summary>
/// Deletes expired events and findings every hour (SQLite; DynamoDB expires both itself through its TTL attribute
/// and filters expired items out of reads meanwhile).
/// </summary>
internal sealed partial class RetentionService(IAdminStore store, ILogger<RetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var purged = await store.PurgeExpiredAsync(stoppingToken);
                    Log.Purged(logger, purged.Events, purged.Findings);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.PurgeFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 20, EventName = "RetentionPurged", Level = LogLevel.Information, Message = "retention: deleted {Events} expired events and {Findings} expired findings")]
        public static partial void Purged(ILogger logger, int events, int findings);

        [LoggerMessage(EventId = 21, EventName = "RetentionFailed", Level = LogLevel.Error, Message = "retention: purge failed")]
        public static partial void PurgeFailed(ILogger logger, Exception ex);
    }
}
