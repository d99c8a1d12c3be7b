using AiSpm.Admin.Hosting;

namespace AiSpm.Admin.Integrations;

/// <summary>
/// Section "integrations:guardduty:poll", validated at start with every error at once. Absent (no regions), nothing
/// polls: an EventBridge rule targeting the ingest endpoint is the push path and needs no poller.
/// </summary>
internal sealed record GuardDutyPollSettings
{
    public IReadOnlyList<string> Regions { get; init; } = [];
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>The first pass reads findings updated this far back; later passes from the previous pass, with overlap.</summary>
    public TimeSpan Lookback { get; init; } = TimeSpan.FromHours(1);
    /// <summary>Values the poller's AWS client reads in place of process environment variables (endpoints, keys).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public bool Enabled => Regions.Count > 0;

    public static GuardDutyPollSettings From(IConfigurationSection s)
    {
        var errors = new List<string>();
        var regions = SettingsReader.List(s.GetSection("regions"));
        foreach (var r in regions)
        {
            if (r.Length < 9 || !r.Contains('-', StringComparison.Ordinal))
            {
                errors.Add("integrations:guardduty:poll:regions: '" + r + "' is not an AWS region such as us-east-1");
            }
        }

        var interval = SettingsReader.Int(s, "integrations:guardduty:poll:", "intervalSeconds", 300, 10, 86_400, errors);
        var lookback = SettingsReader.Int(s, "integrations:guardduty:poll:", "lookbackMinutes", 60, 1, 10_080, errors);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var child in s.GetSection("environment").GetChildren())
        {
            if (child.Value is not null)
            {
                environment[child.Key] = child.Value;
            }
        }

        return errors.Count == 0
            ? new GuardDutyPollSettings { Regions = regions, Interval = TimeSpan.FromSeconds(interval), Lookback = TimeSpan.FromMinutes(lookback), Environment = environment }
            : throw new InvalidOperationException("invalid GuardDuty poll configuration: " + string.Join("; ", errors));
    }
}
