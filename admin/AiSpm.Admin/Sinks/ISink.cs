using AiSpm.Admin.Storage.Outbox;

namespace AiSpm.Admin.Sinks;

/// <summary>Sends one delivery. Returns what went wrong instead of throwing; the worker decides whether to retry.</summary>
internal interface ISink
{
    Task<SinkResult> SendAsync(OutboxDelivery delivery, CancellationToken cancellationToken);
}
