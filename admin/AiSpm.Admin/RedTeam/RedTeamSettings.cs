using AiSpm.Admin.Hosting;
using AiSpm.Detection;

namespace AiSpm.Admin.RedTeam;

/// <summary>
/// Red-team settings (section "redteam"): where the shipped corpora and the scorer are, the engine of in-process runs,
/// the limits of one run, and which gateway URLs a run may call (beyond loopback). Every error reported at once.
/// </summary>
internal sealed record RedTeamSettings
{
    /// <summary>Named corpora (<c>NAME.jsonl</c>); <c>config/redteam</c> of the repository by default.</summary>
    public string? CorpusDirectory { get; init; }

    /// <summary>Learned-scorer weights for in-process runs; <c>config/scorer/model.json</c> when present.</summary>
    public string? ScorerPath { get; init; }

    public EngineKind Engine { get; init; } = EngineKind.Managed;

    /// <summary>Rows per run: runs are synchronous, so this and <see cref="MaxRunTime"/> bound one request.</summary>
    public int MaxRows { get; init; } = 1000;

    /// <summary>Past this, the rows not yet judged are errors and the run is stored as it stands.</summary>
    public TimeSpan MaxRunTime { get; init; } = TimeSpan.FromSeconds(120);

    public int MaxConcurrency { get; init; } = 16;

    /// <summary>Gateway base URLs a run may target besides loopback ones (an analyst must not make the admin call
    /// arbitrary internal addresses).</summary>
    public string[] GatewayUrls { get; init; } = [];

    public static RedTeamSettings From(IConfigurationSection section, string contentRoot)
    {
        var errors = new List<string>();
        const string Prefix = "redteam:";
        var dir = Path.Combine(contentRoot, "config", "redteam");
        if (section["corpusDirectory"] is { Length: > 0 } configured)
        {
            dir = Path.GetFullPath(configured, contentRoot);
            if (!Directory.Exists(dir))
            {
                errors.Add(Prefix + "corpusDirectory: " + dir + " does not exist");
            }
        }

        var scorer = Path.Combine(contentRoot, "config", "scorer", "model.json");
        if (section["scorerPath"] is { Length: > 0 } s)
        {
            scorer = Path.GetFullPath(s, contentRoot);
            if (!File.Exists(scorer))
            {
                errors.Add(Prefix + "scorerPath: " + scorer + " does not exist");
            }
        }

        var engine = EngineKind.Managed;
        switch (section["engine"])
        {
            case null or "" or "managed":
                break;
            case "hyperscan":
                engine = EngineKind.Hyperscan;
                break;
            case "auto":
                engine = EngineKind.Auto;
                break;
            default:
                errors.Add(Prefix + "engine: must be managed, hyperscan or auto");
                break;
        }

        var maxRows = SettingsReader.Int(section, Prefix, "maxRows", 1000, 1, 5000, errors);
        var seconds = SettingsReader.Int(section, Prefix, "maxRunSeconds", 120, 1, 3600, errors);
        var concurrency = SettingsReader.Int(section, Prefix, "maxConcurrency", 16, 1, 256, errors);
        var urls = SettingsReader.List(section.GetSection("gatewayUrls"));
        foreach (var u in urls)
        {
            if (!Uri.TryCreate(u, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                errors.Add(Prefix + "gatewayUrls: '" + u + "' is not an http(s) URL");
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException("invalid redteam configuration: " + string.Join("; ", errors));
        }

        return new RedTeamSettings
        {
            CorpusDirectory = Directory.Exists(dir) ? dir : null,
            ScorerPath = File.Exists(scorer) ? scorer : null,
            Engine = engine,
            MaxRows = maxRows,
            MaxRunTime = TimeSpan.FromSeconds(seconds),
            MaxConcurrency = concurrency,
            GatewayUrls = urls,
        };
    }

    /// <summary>A loopback gateway, or one whose base URL is listed in <see cref="GatewayUrls"/>.</summary>
    public bool AllowsGateway(Uri baseUrl)
    {
        if (baseUrl.IsLoopback)
        {
            return true;
        }

        foreach (var u in GatewayUrls)
        {
            if (Uri.TryCreate(u, UriKind.Absolute, out var allowed) && Uri.Compare(allowed, baseUrl, UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
            {
                return true;
            }
        }

        return false;
    }
}
