using AiSpm.Admin.Storage.Outbox;

namespace AiSpm.Admin.Sinks;

/// <summary>
/// Drains the outbox: one loop per enabled sink, so a slow or failing sink never holds back another. A delivery is
/// removed only after the sink accepted it, so a crash between the two sends it again (at least once, same delivery
/// id). Failures back off exponentially with jitter and become dead letters after the sink's attempt limit.
/// </summary>
internal sealed partial class SinkWorker(
    SinksSettings settings, IOutboxStore outbox, IHttpClientFactory httpFactory, TimeProvider time, ILogger<SinkWorker> logger) : BackgroundService
{
    public const string HttpClientName = "aispm-sinks";
    private const int BatchSize = 50;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var loops = new List<Task> { Task.Run(() => RecoverAsync(stoppingToken), stoppingToken) };
        foreach (var sink in settings.Sinks)
        {
            if (sink.Enabled)
            {
                var client = new HttpSink(sink, httpFactory.CreateClient(HttpClientName), time);
                loops.Add(Task.Run(() => RunAsync(sink, client, stoppingToken), stoppingToken));
            }
        }

        return Task.WhenAll(loops);
    }

    private async Task RecoverAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await outbox.RecoverAsync(stoppingToken);
                await Task.Delay(TimeSpan.FromMinutes(1), time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.LoopFailed(logger, "(recovery)", ex);
                try
                {
                    await Task.Delay(TimeSpan.FromMinutes(1), time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    internal async Task RunAsync(SinkOptions sink, ISink client, CancellationToken stoppingToken)
    {
        var gate = new RateGate(sink.RatePerSecond, time);
        var random = new Random();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var due = await outbox.ListDueAsync(sink.Name, time.GetUtcNow(), BatchSize, stoppingToken);
                foreach (var delivery in due)
                {
                    await gate.WaitAsync(stoppingToken);
                    await DeliverAsync(sink, client, delivery, random, stoppingToken);
                }

                if (due.Count < BatchSize)
                {
                    await Task.Delay(settings.PollInterval, time, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The store is unreachable or failed: keep the loop, try again after a pause.
                Log.LoopFailed(logger, sink.Name, ex);
                try
                {
                    await Task.Delay(settings.PollInterval * 4, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task DeliverAsync(SinkOptions sink, ISink client, OutboxDelivery delivery, Random random, CancellationToken stoppingToken)
    {
        var result = await client.SendAsync(delivery, stoppingToken);
        var now = time.GetUtcNow();
        if (result.Ok)
        {
            await outbox.CompleteAsync(delivery, now, stoppingToken);
            Log.Delivered(logger, sink.Name, delivery.Id, delivery.Attempts + 1);
            return;
        }

        var attempts = delivery.Attempts + 1;
        var dead = attempts >= sink.MaxAttempts;
        var retryAt = now + Backoff.Next(attempts, sink.BackoffBase, sink.BackoffMax, random);
        await outbox.FailAsync(delivery, result.Error ?? "failed", now, retryAt, dead, stoppingToken);
        if (dead)
        {
            Log.DeadLettered(logger, sink.Name, delivery.Id, attempts, result.Error);
        }
        else
        {
            Log.Failed(logger, sink.Name, delivery.Id, attempts, result.Error, retryAt);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 60, EventName = "SinkDelivered", Level = LogLevel.Debug, Message = "sink {Sink}: delivered {DeliveryId} (attempt {Attempt})")]
        public static partial void Delivered(ILogger logger, string sink, string deliveryId, int attempt);

        [LoggerMessage(EventId = 61, EventName = "SinkDeliveryFailed", Level = LogLevel.Warning, Message = "sink {Sink}: delivery {DeliveryId} failed (attempt {Attempt}): {Error}; next attempt at {RetryAt:o}")]
        public static partial void Failed(ILogger logger, string sink, string deliveryId, int attempt, string? error, DateTimeOffset retryAt);

        [LoggerMessage(EventId = 62, EventName = "SinkDeadLetter", Level = LogLevel.Error, Message = "sink {Sink}: delivery {DeliveryId} is a dead letter after {Attempts} attempts: {Error}")]
        public static partial void DeadLettered(ILogger logger, string sink, string deliveryId, int attempts, string? error);

        [LoggerMessage(EventId = 63, EventName = "SinkLoopFailed", Level = LogLevel.Error, Message = "sink {Sink}: reading the outbox failed; retrying")]
        public static partial void LoopFailed(ILogger logger, string sink, Exception ex);
    }
}
