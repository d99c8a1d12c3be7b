namespace AiSpm.Gateway.Events;

/// <summary>Settings of <see cref="EventHandoff"/>; every limit has a safe default.</summary>
internal sealed record HandoffOptions
{
    /// <summary>The admin service, e.g. http://127.0.0.1:8090 (events go to /spm/api/events:batch).</summary>
    public required Uri AdminBaseUrl { get; init; }
    /// <summary>The gateway's bearer credential for the admin service; null sends none.</summary>
    public string? Token { get; init; }
    public required string GatewayId { get; init; }
    /// <summary>Where batches wait on disk while the admin service is away.</summary>
    public required string SpoolDirectory { get; init; }
    /// <summary>Disk the spool may use; past it events are dropped, counted and logged as errors.</summary>
    public long SpoolMaxBytes { get; init; } = 256L * 1024 * 1024;
    public long SegmentMaxBytes { get; init; } = 4L * 1024 * 1024;
    /// <summary>Size of each memory-mapped journal segment holding the queued events (see <see cref="EventJournal"/>).</summary>
    public long JournalSegmentBytes { get; init; } = 4L * 1024 * 1024;
    /// <summary>Events held in memory before new ones overflow to the spool.</summary>
    public int QueueCapacity { get; init; } = 10_000;
    public int MaxBatchEvents { get; init; } = 500;
    public TimeSpan MaxBatchDelay { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);
}
