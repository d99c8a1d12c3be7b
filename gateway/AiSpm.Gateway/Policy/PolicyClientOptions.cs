namespace AiSpm.Gateway.Policy;

/// <summary>Settings of <see cref="PolicyClient"/>.</summary>
internal sealed record PolicyClientOptions
{
    /// <summary>The admin service, e.g. http://127.0.0.1:8090 (the policy is at /spm/api/policies).</summary>
    public required Uri AdminBaseUrl { get; init; }
    public string? Token { get; init; }
    /// <summary>Where the last good policy is kept, to start from when the admin service is unreachable.</summary>
    public required string CacheFile { get; init; }
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(3);
}
