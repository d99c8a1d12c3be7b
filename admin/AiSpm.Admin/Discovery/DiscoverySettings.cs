using System.Globalization;
using AiSpm.Admin.Hosting;
using AiSpm.Scanner.Aws;
using AiSpm.Scanner.LiteLlm;
using AiSpm.Scanner.Temporal;

namespace AiSpm.Admin.Discovery;

/// <summary>
/// Discovery settings (section "discovery"): the connectors to run and how often. Read by hand and validated at
/// start with every error reported at once, like <see cref="Hosting.AdminSettings"/>.
/// </summary>
internal sealed record DiscoverySettings
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(15);

    public bool Enabled { get; init; } = true;

    /// <summary>Run every connector once when the service starts.</summary>
    public bool RunAtStart { get; init; } = true;

    /// <summary>How long a replica's scan lease lasts; a replica that dies mid-scan frees it after this.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(10);

    public IReadOnlyList<DiscoveryConnectorSettings> Connectors { get; init; } = [];

    /// <summary>
    /// Values the connectors read in place of process environment variables (<c>AWS_ENDPOINT_URL</c>,
    /// <c>AWS_ENDPOINT_URL_BEDROCK</c>, the LiteLLM master key variable, ...). Scoped to discovery, so pointing the
    /// connectors at a LocalStack or a fake does not also move the admin's own DynamoDB client.
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public DiscoveryConnectorSettings? Find(string name)
    {
        foreach (var c in Connectors)
        {
            if (string.Equals(c.Name, name, StringComparison.Ordinal))
            {
                return c;
            }
        }

        return null;
    }

    public static DiscoverySettings From(IConfigurationSection section)
    {
        var errors = new List<string>();
        var connectors = new List<DiscoveryConnectorSettings>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var defaultMinutes = Int(section, "intervalMinutes", 15, 1, 24 * 60, errors);
        foreach (var child in section.GetSection("connectors").GetChildren())
        {
            var prefix = "discovery:connectors:" + child.Key + ":";
            var name = child["name"] ?? child["type"] ?? "";
            if (!names.Add(name))
            {
                errors.Add(prefix + "name: '" + name + "' is used twice");
            }

            var interval = TimeSpan.FromMinutes(Int(child, "intervalMinutes", defaultMinutes, 1, 24 * 60, errors, prefix));
            switch (child["type"])
            {
                case "litellm":
                    {
                        if (!Uri.TryCreate(child["baseUrl"], UriKind.Absolute, out var baseUrl))
                        {
                            errors.Add(prefix + "baseUrl: an absolute http or https URL is required");
                            break;
                        }

                        var lite = new LiteLlmSettings
                        {
                            Name = name,
                            BaseUrl = baseUrl,
                            MasterKeyEnv = child["masterKeyEnv"] ?? "LITELLM_MASTER_KEY",
                            MasterKeyFile = child["masterKeyFile"],
                        };
                        foreach (var e in lite.Validate())
                        {
                            errors.Add(prefix + e);
                        }

                        connectors.Add(new DiscoveryConnectorSettings { Name = name, Type = "litellm", Interval = interval, LiteLlm = lite });
                        break;
                    }

                case "aws":
                    {
                        var services = List(child.GetSection("services"));
                        var regions = List(child.GetSection("regions"));
                        var aws = new AwsConnectorSettings
                        {
                            Name = name,
                            Services = services.Length > 0 ? services : AllAwsServices,
                        };
                        if (regions.Length > 0)
                        {
                            aws = aws with { Regions = regions };
                        }

                        foreach (var e in aws.Validate())
                        {
                            errors.Add(prefix + e);
                        }

                        connectors.Add(new DiscoveryConnectorSettings { Name = name, Type = "aws", Interval = interval, Aws = aws });
                        break;
                    }

                case "temporal":
                    {
                        var temporal = new TemporalSettings
                        {
                            Name = name,
                            Address = child["address"] ?? "",
                            Namespace = child["namespace"] ?? "default",
                            ApiKeyEnv = child["apiKeyEnv"] ?? "TEMPORAL_API_KEY",
                            ApiKeyFile = child["apiKeyFile"],
                            Tls = child["tls"] is not null ? SettingsReader.Bool(child, prefix, "tls", false, errors) : null,
                            ClientCertFile = child["clientCertFile"],
                            ClientKeyFile = child["clientKeyFile"],
                            ServerRootCaFile = child["serverRootCaFile"],
                            Query = child["query"] ?? "",
                            MaxExecutions = Int(child, "maxExecutions", 50_000, 1, 10_000_000, errors, prefix),
                        };
                        foreach (var e in temporal.Validate())
                        {
                            errors.Add(prefix + e);
                        }

                        connectors.Add(new DiscoveryConnectorSettings { Name = name, Type = "temporal", Interval = interval, Temporal = temporal });
                        break;
                    }

                default:
                    errors.Add(prefix + "type: must be litellm, aws or temporal");
                    break;
            }
        }

        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var child in section.GetSection("environment").GetChildren())
        {
            if (child.Value is not null)
            {
                environment[child.Key] = child.Value;
            }
        }

        var settings = new DiscoverySettings
        {
            Enabled = Bool(section, "enabled", true, errors),
            RunAtStart = Bool(section, "runAtStart", true, errors),
            Lease = TimeSpan.FromMinutes(Int(section, "leaseMinutes", 10, 1, 24 * 60, errors)),
            Connectors = connectors,
            Environment = environment,
        };
        return errors.Count == 0 ? settings : throw new InvalidOperationException("invalid discovery configuration: " + string.Join("; ", errors));
    }

    /// <summary>Every service the AWS connector reads, in the order it reads them; IAM last as it resolves roles.</summary>
    public static readonly string[] AllAwsServices = ["bedrock", "bedrock-agent", "bedrock-agentcore-control", "sagemaker", "lambda", "xray", "iam"];

    private static int Int(IConfiguration c, string key, int fallback, int min, int max, List<string> errors, string prefix = "discovery:") =>
        SettingsReader.Int(c, prefix, key, fallback, min, max, errors);

    private static bool Bool(IConfiguration c, string key, bool fallback, List<string> errors) => SettingsReader.Bool(c, "discovery:", key, fallback, errors);

    private static string[] List(IConfigurationSection section) => SettingsReader.List(section);
}
