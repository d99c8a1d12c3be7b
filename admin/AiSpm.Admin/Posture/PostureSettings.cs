using System.Globalization;
using System.Text.Json.Nodes;
using AiSpm.Admin.Hosting;

namespace AiSpm.Admin.Posture;

/// <summary>
/// Posture settings (section "posture"): where the built-in controls are, the per-resource budget, and the settings the
/// controls read as <c>data.aispm.config</c>. Validated at start with every error reported at once.
/// </summary>
internal sealed record PostureSettings
{
    public bool Enabled { get; init; } = true;

    /// <summary>The built-in controls (config/controls); null when there is none, and then only custom controls run.</summary>
    public string? ControlsDirectory { get; init; }

    public TimeSpan ResourceTimeBudget { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How often expired exceptions are looked for (their results turn back to failing).</summary>
    public TimeSpan ExpirySweep { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>What the controls read under <c>data.aispm.config</c> (e.g. <c>approved_models</c>).</summary>
    public JsonObject? Config { get; init; }

    /// <summary>The recent window of <c>data.aispm.behaviour</c> (default a day).</summary>
    public TimeSpan BehaviourRecent { get; init; } = TimeSpan.FromDays(1);

    /// <summary>The baseline window before the recent one (default 27 days; both together at most 31, the traffic store's query limit).</summary>
    public TimeSpan BehaviourBaseline { get; init; } = TimeSpan.FromDays(27);

    /// <summary>The most traffic summaries one behaviour build reads; beyond it the oldest are left out.</summary>
    public int BehaviourMaxRows { get; init; } = 500_000;

    /// <summary>How long after traffic arrives the behaviour controls run (batches of several gateways arrive together).</summary>
    public TimeSpan BehaviourDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the behaviour controls run without new traffic (an agent going quiet sends nothing).</summary>
    public TimeSpan BehaviourInterval { get; init; } = TimeSpan.FromHours(1);

    public static PostureSettings From(IConfigurationSection section, string contentRoot)
    {
        var errors = new List<string>();
        const string Prefix = "posture:";
        var enabled = SettingsReader.Bool(section, Prefix, "enabled", true, errors);
        var budgetMs = SettingsReader.Int(section, Prefix, "resourceTimeBudgetMs", 100, 1, 60_000, errors);
        var sweep = SettingsReader.Int(section, Prefix, "expirySweepSeconds", 60, 1, 24 * 3600, errors);
        var recentHours = SettingsReader.Int(section, Prefix, "behaviour:recentHours", 24, 1, 7 * 24, errors);
        var baselineDays = SettingsReader.Int(section, Prefix, "behaviour:baselineDays", 27, 1, 30, errors);
        var maxRows = SettingsReader.Int(section, Prefix, "behaviour:maxTrafficRows", 500_000, 1_000, 10_000_000, errors);
        var delay = SettingsReader.Int(section, Prefix, "behaviour:delaySeconds", 5, 0, 3600, errors);
        var interval = SettingsReader.Int(section, Prefix, "behaviour:intervalMinutes", 60, 1, 24 * 60, errors);
        if (TimeSpan.FromHours(recentHours) + TimeSpan.FromDays(baselineDays) > TimeSpan.FromDays(31))
        {
            errors.Add(Prefix + "behaviour: recentHours and baselineDays together at most 31 days (the traffic store's longest query)");
        }
        string? dir = null;
        if (section["controlsDirectory"] is { Length: > 0 } configured)
        {
            dir = Path.GetFullPath(configured, contentRoot);
            if (!Directory.Exists(dir))
            {
                errors.Add(Prefix + "controlsDirectory: " + dir + " does not exist");
            }
        }
        else if (Directory.Exists(Path.Combine(contentRoot, "config", "controls")))
        {
            // Started from the repository (./aispm up): the shipped controls.
            dir = Path.Combine(contentRoot, "config", "controls");
        }

        JsonObject? config = null;
        var configSection = section.GetSection("config");
        if (configSection.Exists())
        {
            config = ToJson(configSection);
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException("invalid posture configuration: " + string.Join("; ", errors));
        }

        return new PostureSettings
        {
            Enabled = enabled,
            ControlsDirectory = dir,
            ResourceTimeBudget = TimeSpan.FromMilliseconds(budgetMs),
            ExpirySweep = TimeSpan.FromSeconds(sweep),
            Config = config,
            BehaviourRecent = TimeSpan.FromHours(recentHours),
            BehaviourBaseline = TimeSpan.FromDays(baselineDays),
            BehaviourMaxRows = maxRows,
            BehaviourDelay = TimeSpan.FromSeconds(delay),
            BehaviourInterval = TimeSpan.FromMinutes(interval),
        };
    }

    /// <summary>A configuration section as JSON: children numbered 0..n become an array (a list of approved models).</summary>
    private static JsonObject ToJson(IConfigurationSection section)
    {
        var o = new JsonObject();
        foreach (var child in section.GetChildren())
        {
            o[child.Key] = ToNode(child);
        }

        return o;
    }

    private static JsonNode? ToNode(IConfigurationSection section)
    {
        var children = section.GetChildren().ToList();
        if (children.Count == 0)
        {
            return section.Value is { } v ? JsonValue.Create(v) : null;
        }

        if (children.All(c => int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            var a = new JsonArray();
            foreach (var c in children.OrderBy(c => int.Parse(c.Key, CultureInfo.InvariantCulture)))
            {
                a.Add(ToNode(c));
            }

            return a;
        }

        return ToJson(section);
    }
}
