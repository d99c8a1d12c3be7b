using AiSpm.Admin.Storage.Outbox;

namespace AiSpm.Admin.Sinks;

/// <summary>A sink whose API takes many deliveries per call and answers for each (Security Hub, EventBridge).</summary>
internal interface IBatchSink
{
    int MaxBatch { get; }

    /// <summary>One result per delivery, in order; a delivery that failed alone is retried alone.</summary>
    Task<IReadOnlyList<SinkResult>> SendBatchAsync(IReadOnlyList<OutboxDelivery> deliveries, CancellationToken cancellationToken);
}
