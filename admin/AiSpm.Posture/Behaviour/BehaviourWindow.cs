namespace AiSpm.Posture.Behaviour;

/// <summary>
/// The windows behaviour is measured over: <see cref="Recent"/> is the last stretch before <see cref="Now"/>, the
/// baseline the <see cref="Baseline"/> before it. Traffic older than both is not read (the admin's traffic store
/// answers at most 31 days a query, so the two together stay within that).
/// </summary>
public sealed record BehaviourWindow
{
    private readonly TimeSpan _recent = TimeSpan.FromDays(1);
    private readonly TimeSpan _baseline = TimeSpan.FromDays(27);

    public required DateTimeOffset Now { get; init; }

    public TimeSpan Recent
    {
        get => _recent;
        init => _recent = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "must be positive");
    }

    public TimeSpan Baseline
    {
        get => _baseline;
        init => _baseline = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "must be positive");
    }

    /// <summary>The oldest minute read: <see cref="Now"/> less both windows.</summary>
    public DateTimeOffset Since => Now - Recent - Baseline;

    /// <summary>Where the recent window starts and the baseline ends.</summary>
    public DateTimeOffset RecentSince => Now - Recent;
}
