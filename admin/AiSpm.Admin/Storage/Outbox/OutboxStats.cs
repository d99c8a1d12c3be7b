namespace AiSpm.Admin.Storage.Outbox;

/// <summary>A sink's queue as the store sees it.</summary>
internal sealed record OutboxStats
{
    public long Backlog { get; init; }
    public long DeadLetters { get; init; }
    public DateTimeOffset? LastDeliveryAt { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset? LastErrorAt { get; init; }
}
