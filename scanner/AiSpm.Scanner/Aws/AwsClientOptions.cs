namespace AiSpm.Scanner.Aws;

/// <summary>Retry, concurrency and timeout limits of <see cref="AwsClient"/>; each value is checked when set.</summary>
public sealed record AwsClientOptions
{
    private readonly int _maxAttempts = 6;
    private readonly TimeSpan _baseDelay = TimeSpan.FromMilliseconds(200);
    private readonly TimeSpan _maxDelay = TimeSpan.FromSeconds(20);
    private readonly int _maxConcurrencyPerService = 4;
    private readonly TimeSpan _callTimeout = TimeSpan.FromSeconds(30);
    private readonly int _maxPages = 10_000;

    /// <summary>Attempts per call, the first included, when AWS throttles or fails with a 5xx.</summary>
    public int MaxAttempts { get => _maxAttempts; init => _maxAttempts = value is >= 1 and <= 20 ? value : throw new ArgumentOutOfRangeException(nameof(MaxAttempts), value, "1 to 20"); }

    /// <summary>The first backoff; each retry doubles it up to <see cref="MaxDelay"/>, and the wait is drawn at random below it (full jitter).</summary>
    public TimeSpan BaseDelay { get => _baseDelay; init => _baseDelay = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(BaseDelay)); }

    public TimeSpan MaxDelay { get => _maxDelay; init => _maxDelay = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(MaxDelay)); }

    /// <summary>Calls in flight per service at once.</summary>
    public int MaxConcurrencyPerService { get => _maxConcurrencyPerService; init => _maxConcurrencyPerService = value is >= 1 and <= 64 ? value : throw new ArgumentOutOfRangeException(nameof(MaxConcurrencyPerService), value, "1 to 64"); }

    public TimeSpan CallTimeout { get => _callTimeout; init => _callTimeout = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(CallTimeout)); }

    /// <summary>A bound on the pages of one listing, beyond the repeated-token check.</summary>
    public int MaxPages { get => _maxPages; init => _maxPages = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxPages)); }
}
