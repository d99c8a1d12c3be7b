using AiSpm.Admin.Storage.Outbox;

namespace AiSpm.Admin.Sinks;

/// <summary>A sink that could not be set up (no credentials): every attempt fails with the reason.</summary>
internal sealed class UnavailableSink(string reason) : ISink
{
    public Task<SinkResult> SendAsync(OutboxDelivery delivery, CancellationToken cancellationToken) => Task.FromResult(SinkResult.Failed(reason));
}
