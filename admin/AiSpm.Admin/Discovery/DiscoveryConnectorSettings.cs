using AiSpm.Scanner.Aws;
using AiSpm.Scanner.LiteLlm;
using AiSpm.Scanner.Temporal;

namespace AiSpm.Admin.Discovery;

/// <summary>One configured connector: its name, type (<c>litellm</c>, <c>aws</c> or <c>temporal</c>), schedule and own settings.</summary>
internal sealed record DiscoveryConnectorSettings
{
    public required string Name { get; init; }
    public required string Type { get; init; }
    public TimeSpan Interval { get; init; } = DiscoverySettings.DefaultInterval;
    public LiteLlmSettings? LiteLlm { get; init; }
    public AwsConnectorSettings? Aws { get; init; }
    public TemporalSettings? Temporal { get; init; }
}
