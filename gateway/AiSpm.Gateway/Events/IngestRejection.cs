namespace AiSpm.Gateway.Events;

/// <summary>One event the admin service refused within an accepted batch: its index in the batch and the field at fault.</summary>
internal sealed record IngestRejection
{
    public int Index { get; init; }
    public string? EventId { get; init; }
    public string? Field { get; init; }
    public string? Message { get; init; }
}
