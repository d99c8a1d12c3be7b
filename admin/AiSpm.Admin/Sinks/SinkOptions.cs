namespace AiSpm.Admin.Sinks;

/// <summary>One sink (section "sinks:NAME"): where findings go, which ones, and how hard to try.</summary>
internal sealed record SinkOptions
{
    public const string Webhook = "webhook";
    public const string Slack = "slack";
    public const string SecurityHub = "securityhub";
    public const string EventBridge = "eventbridge";
    public const string Sns = "sns";

    public required string Name { get; init; }
    /// <summary>webhook | slack | securityhub | eventbridge | sns.</summary>
    public required string Type { get; init; }
    public bool Enabled { get; init; } = true;
    /// <summary>webhook and slack: where to POST (Security Hub's endpoint comes from the region or AWS_ENDPOINT_URL_SECURITYHUB).</summary>
    public required Uri Url { get; init; }
    /// <summary>securityhub: the region and account whose default product receives the findings.</summary>
    public string Region { get; init; } = "us-east-1";
    public string AccountId { get; init; } = "";
    public string Partition { get; init; } = "aws";
    /// <summary>eventbridge: the bus (name or ARN).</summary>
    public string EventBusName { get; init; } = "default";
    /// <summary>sns: the topic ARN.</summary>
    public string TopicArn { get; init; } = "";

    public bool IsAws => Type is SecurityHub or EventBridge or Sns;
    /// <summary>Webhook: the environment variable holding the signing secret (the secret itself never sits in a config file).</summary>
    public string? SecretEnv { get; init; }
    /// <summary>Webhook: the secret read from <see cref="SecretEnv"/> at start.</summary>
    public byte[] Secret { get; init; } = [];
    /// <summary>info | low | medium | high | critical: findings below it are not sent.</summary>
    public string MinSeverity { get; init; } = "info";
    /// <summary>Event categories to send (empty: all).</summary>
    public string[] Categories { get; init; } = [];
    /// <summary>runtime and/or posture findings.</summary>
    public string[] Sources { get; init; } = [SinkRouter.Runtime, SinkRouter.Posture];
    /// <summary>Whether status changes (acknowledged, resolved, ...) are sent, not only new and escalated findings.</summary>
    public bool StatusChanges { get; init; } = true;
    /// <summary>Attempts before a delivery becomes a dead letter.</summary>
    public int MaxAttempts { get; init; } = 10;
    public double RatePerSecond { get; init; } = 10;
    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
}
