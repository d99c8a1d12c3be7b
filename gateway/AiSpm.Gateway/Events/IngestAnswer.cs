namespace AiSpm.Gateway.Events;

/// <summary>
/// The admin service's answer to an accepted batch: counts, and the events it refused one by one (absent from older
/// admin services, which refuse a whole batch instead).
/// </summary>
internal sealed record IngestAnswer
{
    public int Received { get; init; }
    public int Stored { get; init; }
    public int Duplicates { get; init; }
    public IngestRejection[]? Rejected { get; init; }
}
