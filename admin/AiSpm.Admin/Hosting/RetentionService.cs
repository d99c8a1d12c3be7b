using AiSpm.Admin.Storage;
using AiSpm.Admin.Storage.Sqlite;

namespace AiSpm.Admin.Hosting;

/// <summary>Deletes expired events from SQLite every hour (DynamoDB expires them itself through its TTL attribute).</summary>
internal sealed partial class RetentionService(IAdminStore store, ILogger<RetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (store is not SqliteAdminStore sqlite)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var n = await sqlite.PurgeExpiredAsync(stoppingToken);
                    Log.Purged(logger, n);
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
        [LoggerMessage(EventId = 20, EventName = "RetentionPurged", Level = LogLevel.Information, Message = "retention: deleted {Count} expired events")]
        public static partial void Purged(ILogger logger, int count);

        [LoggerMessage(EventId = 21, EventName = "RetentionFailed", Level = LogLevel.Error, Message = "retention: purge failed")]
        public static partial void PurgeFailed(ILogger logger, Exception ex);
    }
}
