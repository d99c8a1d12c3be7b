using AiSpm.Admin.Hosting;
using AiSpm.Contracts;

namespace AiSpm.Admin.Guardian;

/// <summary>
/// Section "guardian", read by hand and validated at start with every error at once (like
/// <see cref="Sinks.SinksSettings"/>): a Guardian that would act on the wrong scope must stop start-up, not run.
/// </summary>
internal sealed record GuardianSettings
{
    public const string Off = "off";
    public const string Recommend = "recommend";
    public const string Auto = "auto";

    public string Mode { get; init; } = Off;
    /// <summary>Per finding type and/or severity; the first that matches wins, else <see cref="Mode"/>.</summary>
    public IReadOnlyList<GuardianModeOverride> Overrides { get; init; } = [];
    /// <summary>How often a pass runs on its own; zero runs passes only through the API.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>How far back a pass looks for high and critical findings.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromHours(1);
    /// <summary>A key with at least this many events in one finding (or a critical one) is also contained in LiteLLM.</summary>
    public int ContainAfter { get; init; } = 50;
    public Uri? LiteLlmUrl { get; init; }
    public string? LiteLlmMasterKey { get; init; }
    /// <summary>The region of the Bedrock guardrails the Guardian may tighten; null leaves guardrails alone.</summary>
    public string? BedrockRegion { get; init; }
    /// <summary>The guardrail (id or ARN, in <see cref="BedrockRegion"/>) attached to agents that have none; null proposes no attachment.</summary>
    public string? AgentGuardrailIdentifier { get; init; }
    public string? AgentGuardrailVersion { get; init; }
    /// <summary>Temporal frontend (<c>host:port</c>) whose workflows the Guardian may quarantine; null leaves workflows alone.</summary>
    public string? TemporalAddress { get; init; }
    public string TemporalNamespace { get; init; } = "default";
    /// <summary>
    /// Values the Guardian's AWS and Temporal clients read in place of process environment variables
    /// (<c>AWS_ENDPOINT_URL_BEDROCK</c>, credentials, the Temporal API key variable), scoped like discovery's.
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    /// <summary>The name of the variable (in <see cref="Environment"/> or the process) holding a Temporal Cloud API key.</summary>
    public string? TemporalApiKeyEnv { get; init; }

    public string ModeFor(string findingType, string severity)
    {
        foreach (var o in Overrides)
        {
            if ((o.Type is null || o.Type == findingType) && (o.Severity is null || o.Severity == severity))
            {
                return o.Mode;
            }
        }

        return Mode;
    }

    /// <summary>True when no finding type or severity can switch the Guardian on.</summary>
    public bool IsOff
    {
        get
        {
            if (Mode != Off)
            {
                return false;
            }

            foreach (var o in Overrides)
            {
                if (o.Mode != Off)
                {
                    return false;
                }
            }

            return true;
        }
    }

    public static GuardianSettings From(IConfigurationSection s, Func<string, string?> environment)
    {
        var errors = new List<string>();
        var mode = s["mode"] ?? Off;
        if (!IsMode(mode))
        {
            errors.Add("guardian:mode must be off, recommend or auto");
        }

        var overrides = new List<GuardianModeOverride>();
        foreach (var o in s.GetSection("overrides").GetChildren())
        {
            var at = "guardian:overrides:" + o.Key + ":";
            var type = o["type"];
            var severity = o["severity"];
            if (severity is not null && EventSeverity.Rank(severity) < 0)
            {
                errors.Add(at + "severity must be info, low, medium, high or critical");
            }

            if (type is null && severity is null)
            {
                errors.Add(at + "needs a type, a severity or both");
            }

            if (o["mode"] is not { } m || !IsMode(m))
            {
                errors.Add(at + "mode must be off, recommend or auto");
                continue;
            }

            overrides.Add(new GuardianModeOverride(type, severity, m));
        }

        var interval = SettingsReader.Int(s, "guardian:", "intervalSeconds", 60, 0, 86_400, errors);
        var window = SettingsReader.Int(s, "guardian:", "windowMinutes", 60, 1, 10_080, errors);
        var containAfter = SettingsReader.Int(s, "guardian:", "containAfter", 50, 1, 1_000_000, errors);

        Uri? liteLlm = null;
        string? masterKey = null;
        var l = s.GetSection("litellm");
        if (l["url"] is { } u)
        {
            if (!Uri.TryCreate(u, UriKind.Absolute, out liteLlm) || liteLlm.Scheme is not ("http" or "https"))
            {
                errors.Add("guardian:litellm:url must be an absolute http or https URL");
            }

            // The master key never sits in the configuration file, only the name of the variable that holds it.
            if (l["masterKeyEnv"] is not { Length: > 0 } env)
            {
                errors.Add("guardian:litellm:masterKeyEnv must name the environment variable holding LiteLLM's master key");
            }
            else if (environment(env) is not { Length: > 0 } key)
            {
                errors.Add("guardian:litellm:masterKeyEnv: environment variable " + env + " is not set");
            }
            else
            {
                masterKey = key;
            }
        }

        var region = s.GetSection("bedrock")["region"];
        if (region is not null && (region.Length < 9 || !region.Contains('-', StringComparison.Ordinal)))
        {
            errors.Add("guardian:bedrock:region must be an AWS region such as us-east-1");
        }

        string? agentGuardrail = null;
        string? agentGuardrailVersion = null;
        var ag = s.GetSection("bedrock").GetSection("agentGuardrail");
        if (ag["identifier"] is { } identifier)
        {
            if (region is null)
            {
                errors.Add("guardian:bedrock:agentGuardrail needs guardian:bedrock:region, the region of the agents and the guardrail");
            }

            if (identifier.Length == 0 || identifier.Length > 2048)
            {
                errors.Add("guardian:bedrock:agentGuardrail:identifier must be a guardrail id or ARN");
            }

            // Bedrock's GuardrailVersion: a number or DRAFT. A pinned number is what agents should run.
            agentGuardrailVersion = ag["version"];
            if (agentGuardrailVersion is null || !(agentGuardrailVersion == "DRAFT"
                || (agentGuardrailVersion.Length is > 0 and <= 8 && agentGuardrailVersion[0] != '0' && agentGuardrailVersion.All(char.IsAsciiDigit))))
            {
                errors.Add("guardian:bedrock:agentGuardrail:version must be a guardrail version number or DRAFT");
            }

            agentGuardrail = identifier;
        }

        var t = s.GetSection("temporal");
        var temporalAddress = t["address"];
        if (temporalAddress is not null && (temporalAddress.Length == 0 || temporalAddress.Contains("://", StringComparison.Ordinal) || !temporalAddress.Contains(':', StringComparison.Ordinal)))
        {
            errors.Add("guardian:temporal:address must be host:port, without a scheme");
        }

        var environmentValues = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var child in s.GetSection("environment").GetChildren())
        {
            if (child.Value is not null)
            {
                environmentValues[child.Key] = child.Value;
            }
        }

        return errors.Count == 0
            ? new GuardianSettings
            {
                Mode = mode,
                Overrides = overrides,
                Interval = TimeSpan.FromSeconds(interval),
                Window = TimeSpan.FromMinutes(window),
                ContainAfter = containAfter,
                LiteLlmUrl = liteLlm,
                LiteLlmMasterKey = masterKey,
                BedrockRegion = region,
                AgentGuardrailIdentifier = agentGuardrail,
                AgentGuardrailVersion = agentGuardrailVersion,
                TemporalAddress = temporalAddress,
                TemporalNamespace = t["namespace"] is { Length: > 0 } ns ? ns : "default",
                TemporalApiKeyEnv = t["apiKeyEnv"],
                Environment = environmentValues,
            }
            : throw new InvalidOperationException("invalid guardian configuration: " + string.Join("; ", errors));
    }

    private static bool IsMode(string m) => m is Off or Recommend or Auto;
}
