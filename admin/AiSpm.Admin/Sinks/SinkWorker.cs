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
    private const int BatchSize = 100;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var loops = new List<Task> { Task.Run(() => RecoverAsync(stoppingToken), stoppingToken) };
        foreach (var sink in settings.Sinks)
        {
            if (sink.Enabled)
            {
                var client = Create(sink);
                loops.Add(Task.Run(() => RunAsync(sink, client, stoppingToken), stoppingToken));
            }
        }

        return Task.WhenAll(loops);
    }

    private ISink Create(SinkOptions sink)
    {
        if (!sink.IsAws)
        {
            return new HttpSink(sink, httpFactory.CreateClient(HttpClientName), time);
        }

        try
        {
            // AWSSDK.Core's default credential chain (task role, profile, environment); endpoint overrides from
            // AWS_ENDPOINT_URL_<SERVICE> and AWS_ENDPOINT_URL.
            var aws = new AiSpm.Scanner.Aws.AwsClient(httpFactory.CreateClient(HttpClientName), time: time);
            return sink.Type switch
            {
                SinkOptions.SecurityHub => new SecurityHubSink(sink, aws),
                SinkOptions.EventBridge => new EventBridgeSink(sink, aws, time),
                _ => new SnsSink(sink, aws, time),
            };
        }
        catch (Exception ex) when (ex is Amazon.Runtime.AmazonClientException or InvalidOperationException)
        {
            // Without credentials the sink cannot send: its deliveries back off into dead letters, visible in the API,
            // instead of the whole admin failing to start.
            Log.NoCredentials(logger, sink.Name, ex.Message);
            return new UnavailableSink("no AWS credentials: " + ex.Message);
        }
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
                if (client is IBatchSink batch)
                {
                    for (var i = 0; i < due.Count; i += batch.MaxBatch)
                    {
                        // The rate limit counts calls: one batch is one call to the sink's API.
                        await gate.WaitAsync(stoppingToken);
                        var chunk = due.Skip(i).Take(batch.MaxBatch).ToList();
                        var results = await batch.SendBatchAsync(chunk, stoppingToken);
                        for (var j = 0; j < chunk.Count; j++)
                        {
                            await RecordAsync(sink, chunk[j], results[j], random, stoppingToken);
                        }
                    }
                }
                else
                {
                    foreach (var delivery in due)
                    {
                        await gate.WaitAsync(stoppingToken);
                        await RecordAsync(sink, delivery, await client.SendAsync(delivery, stoppingToken), random, stoppingToken);
                    }
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

    private async Task RecordAsync(SinkOptions sink, OutboxDelivery delivery, SinkResult result, Random random, CancellationToken stoppingToken)
    {
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
        [LoggerMessage(EventId = 70, EventName = "SinkDelivered", Level = LogLevel.Debug, Message = "sink {Sink}: delivered {DeliveryId} (attempt {Attempt})")]
        public static partial void Delivered(ILogger logger, string sink, string deliveryId, int attempt);

        [LoggerMessage(EventId = 71, EventName = "SinkDeliveryFailed", Level = LogLevel.Warning, Message = "sink {Sink}: delivery {DeliveryId} failed (attempt {Attempt}): {Error}; next attempt at {RetryAt:o}")]
        public static partial void Failed(ILogger logger, string sink, string deliveryId, int attempt, string? error, DateTimeOffset retryAt);

        [LoggerMessage(EventId = 72, EventName = "SinkDeadLetter", Level = LogLevel.Error, Message = "sink {Sink}: delivery {DeliveryId} is a dead letter after {Attempts} attempts: {Error}")]
        public static partial void DeadLettered(ILogger logger, string sink, string deliveryId, int attempts, string? error);

        [LoggerMessage(EventId = 74, EventName = "SinkNoCredentials", Level = LogLevel.Error, Message = "sink {Sink}: no AWS credentials ({Error}); its deliveries will fail until the admin restarts with credentials")]
        public static partial void NoCredentials(ILogger logger, string sink, string error);

        [LoggerMessage(EventId = 73, EventName = "SinkLoopFailed", Level = LogLevel.Error, Message = "sink {Sink}: reading the outbox failed; retrying")]
        public static partial void LoopFailed(ILogger logger, string sink, Exception ex);
    }
}
