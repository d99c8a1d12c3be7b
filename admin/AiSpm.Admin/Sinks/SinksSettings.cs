using System.Globalization;
using System.Text.RegularExpressions;
using AiSpm.Admin.Hosting;
using AiSpm.Contracts;

namespace AiSpm.Admin.Sinks;

/// <summary>
/// Every sink of the admin configuration, read by hand (no reflection binding) and validated at start with every
/// error reported at once, like <see cref="Hosting.AdminSettings"/>.
/// </summary>
internal sealed partial record SinksSettings
{
    public IReadOnlyList<SinkOptions> Sinks { get; init; } = [];
    /// <summary>How often an idle sink looks for due deliveries.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    public SinkOptions? Find(string name)
    {
        foreach (var s in Sinks)
        {
            if (s.Name == name)
            {
                return s;
            }
        }

        return null;
    }

    public static SinksSettings From(IConfiguration c, Func<string, string?> environment)
    {
        var errors = new List<string>();
        var sinks = new List<SinkOptions>();
        foreach (var section in c.GetSection("sinks").GetChildren())
        {
            if (Read(section, environment, errors) is { } sink)
            {
                sinks.Add(sink);
            }
        }

        var poll = Int(c.GetSection("outbox"), "outbox:", "pollMs", 500, 10, 60_000, errors);
        return errors.Count == 0
            ? new SinksSettings { Sinks = sinks, PollInterval = TimeSpan.FromMilliseconds(poll) }
            : throw new InvalidOperationException("invalid sink configuration: " + string.Join("; ", errors));
    }

    private static SinkOptions? Read(IConfigurationSection s, Func<string, string?> environment, List<string> errors)
    {
        var name = s.Key;
        var at = "sinks:" + name + ":";
        var before = errors.Count;
        if (!NamePattern().IsMatch(name))
        {
            // The name is part of delivery ids, store keys and URLs.
            errors.Add("sinks: '" + name + "' must be 1-64 of a-z, 0-9, - and _");
        }

        var type = s["type"];
        if (type is not (SinkOptions.Webhook or SinkOptions.Slack or SinkOptions.SecurityHub or SinkOptions.EventBridge or SinkOptions.Sns))
        {
            errors.Add(at + "type must be webhook, slack, securityhub, eventbridge or sns");
        }

        Uri? url = null;
        if (type is SinkOptions.SecurityHub or SinkOptions.EventBridge or SinkOptions.Sns)
        {
            if (type == SinkOptions.SecurityHub && (s["accountId"] is not { Length: 12 } account || !account.All(char.IsAsciiDigit)))
            {
                errors.Add(at + "accountId must be the 12-digit AWS account whose Security Hub receives the findings");
            }

            if (type == SinkOptions.EventBridge && string.IsNullOrWhiteSpace(s["eventBusName"]))
            {
                errors.Add(at + "eventBusName must name the event bus (or give its ARN)");
            }

            if (type == SinkOptions.Sns && (s["topicArn"] is not { } topic || !topic.StartsWith("arn:", StringComparison.Ordinal) || !topic.Contains(":sns:", StringComparison.Ordinal)))
            {
                errors.Add(at + "topicArn must be an SNS topic ARN");
            }

            if (s["region"] is not { Length: > 0 } region || !RegionPattern().IsMatch(region))
            {
                errors.Add(at + "region must be an AWS region such as us-east-1");
            }
        }
        else if (s["url"] is not { } u || !Uri.TryCreate(u, UriKind.Absolute, out url) || url.Scheme is not ("http" or "https"))
        {
            errors.Add(at + "url must be an absolute http or https URL");
        }

        var enabled = Bool(s, at, "enabled", true, errors);
        var secretEnv = s["secretEnv"];
        byte[] secret = [];
        if (type == SinkOptions.Webhook)
        {
            if (string.IsNullOrEmpty(secretEnv))
            {
                errors.Add(at + "secretEnv must name the environment variable holding the signing secret");
            }
            else if (environment(secretEnv) is not { Length: >= 16 } value)
            {
                if (enabled)
                {
                    errors.Add(at + "secretEnv: environment variable " + secretEnv + " must hold a secret of at least 16 characters");
                }
            }
            else
            {
                secret = System.Text.Encoding.UTF8.GetBytes(value);
            }
        }

        var minSeverity = s["minSeverity"] ?? EventSeverity.Info;
        if (EventSeverity.Rank(minSeverity) < 0)
        {
            errors.Add(at + "minSeverity must be info, low, medium, high or critical");
        }

        var sources = s.GetSection("sources").Exists() ? List(s.GetSection("sources")) : [SinkRouter.Runtime, SinkRouter.Posture];
        foreach (var source in sources)
        {
            if (source is not (SinkRouter.Runtime or SinkRouter.Posture))
            {
                errors.Add(at + "sources: '" + source + "' must be runtime or posture");
            }
        }

        var rate = s["ratePerSecond"] is { } r
            && double.TryParse(r, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : s["ratePerSecond"] is null ? 10 : -1;
        if (rate is <= 0 or > 10_000)
        {
            errors.Add(at + "ratePerSecond must be a number in (0, 10000]");
        }

        var options = new SinkOptions
        {
            Name = name,
            Type = type ?? "",
            Enabled = enabled,
            Url = url ?? new Uri("http://invalid"),
            Region = s["region"] ?? "us-east-1",
            AccountId = s["accountId"] ?? "",
            Partition = s["partition"] ?? "aws",
            EventBusName = s["eventBusName"] ?? "default",
            TopicArn = s["topicArn"] ?? "",
            SecretEnv = secretEnv,
            Secret = secret,
            MinSeverity = minSeverity,
            Categories = List(s.GetSection("categories")),
            Sources = sources,
            StatusChanges = Bool(s, at, "statusChanges", true, errors),
            MaxAttempts = Int(s, at, "maxAttempts", 10, 1, 1000, errors),
            RatePerSecond = rate,
            BackoffBase = TimeSpan.FromMilliseconds(Int(s, at, "backoffBaseMs", 1000, 1, 3_600_000, errors)),
            BackoffMax = TimeSpan.FromMilliseconds(Int(s, at, "backoffMaxMs", 300_000, 1, 86_400_000, errors)),
            Timeout = TimeSpan.FromMilliseconds(Int(s, at, "timeoutMs", 10_000, 100, 300_000, errors)),
        };
        if (options.BackoffMax < options.BackoffBase)
        {
            errors.Add(at + "backoffMaxMs must not be below backoffBaseMs");
        }

        return errors.Count == before ? options : null;
    }

    private static int Int(IConfiguration c, string at, string key, int fallback, int min, int max, List<string> errors) => SettingsReader.Int(c, at, key, fallback, min, max, errors);

    private static bool Bool(IConfiguration c, string at, string key, bool fallback, List<string> errors) => SettingsReader.Bool(c, at, key, fallback, errors);

    private static string[] List(IConfigurationSection section) => SettingsReader.List(section);

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]$")]
    private static partial Regex RegionPattern();

    [GeneratedRegex("^[a-z0-9_-]{1,64}$")]
    private static partial Regex NamePattern();
}
