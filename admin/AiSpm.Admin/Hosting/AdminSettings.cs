using System.Globalization;
using AiSpm.Admin.Auth;
using AiSpm.Admin.Correlation;
using AiSpm.Admin.Storage;

namespace AiSpm.Admin.Hosting;

/// <summary>
/// Every setting of the admin service, read from configuration (JSON file given by --config, then environment
/// variables prefixed AISPM_ADMIN__, then the command line). Read by hand rather than bound by reflection, and
/// validated up front with every error reported at once.
/// </summary>
internal sealed record AdminSettings
{
    public string Listen { get; init; } = "http://127.0.0.1:8090";
    public int MaxBatchEvents { get; init; } = 1000;
    public long MaxBodyBytes { get; init; } = 8 * 1024 * 1024;
    /// <summary>Concurrent live-feed (SSE) connections one user may hold; the next gets 429.</summary>
    public int MaxLiveStreamsPerUser { get; init; } = 4;
    public string[] CorsOrigins { get; init; } = [];
    public string? RulesDirectory { get; init; }
    public required StoreOptions Storage { get; init; }
    public required AuthSettings Auth { get; init; }
    public required CorrelationOptions Correlation { get; init; }

    public static AdminSettings From(IConfiguration c, string contentRoot)
    {
        var errors = new List<string>();
        var storage = c.GetSection("storage");
        var auth = c.GetSection("auth");
        var correlation = c.GetSection("correlation");
        var listen = c["listen"] ?? "http://127.0.0.1:8090";
        var loopback = ListenAddress.IsLoopbackOnly(listen);
        var eventRetentionDays = Int(storage, "eventRetentionDays", 30, 1, 3650, errors);
        var settings = new AdminSettings
        {
            Listen = listen,
            MaxBatchEvents = Int(c, "maxBatchEvents", 1000, 1, 100_000, errors),
            MaxBodyBytes = Int(c, "maxBodyBytes", 8 * 1024 * 1024, 1024, 256 * 1024 * 1024, errors),
            MaxLiveStreamsPerUser = Int(c, "maxLiveStreamsPerUser", 4, 1, 1000, errors),
            CorsOrigins = List(c.GetSection("cors:origins")),
            RulesDirectory = c["rulesDirectory"],
            Storage = new StoreOptions
            {
                Provider = storage["provider"] ?? "sqlite",
                DataDirectory = Path.GetFullPath(storage["dataDirectory"] ?? ".data/admin", contentRoot),
                EventRetention = TimeSpan.FromDays(eventRetentionDays),
                FindingRetention = TimeSpan.FromDays(Int(storage, "findingRetentionDays", eventRetentionDays, 1, 3650, errors)),
                Environment = storage["environment"] ?? "local",
                DynamoServiceUrl = storage["dynamoServiceUrl"],
                DynamoRegion = storage["dynamoRegion"],
                DynamoCreateTables = Bool(storage, "dynamoCreateTables", storage["dynamoServiceUrl"] is not null, errors),
            },
            Auth = new AuthSettings
            {
                Mode = auth["mode"] ?? (loopback ? AuthSettings.Local : ""),
                Authority = auth["authority"],
                Audience = NullIfEmpty(auth["audience"]),
                ClientIds = List(auth.GetSection("clientIds")),
                TokenUse = auth["tokenUse"] ?? "access",
                SigningAlgorithms = auth.GetSection("signingAlgorithms").Exists() ? List(auth.GetSection("signingAlgorithms")) : AuthSettings.DefaultSigningAlgorithms,
                RolesClaim = auth["rolesClaim"] ?? "cognito:groups",
                GroupRoles = Map(auth.GetSection("groupRoles")),
                GatewayToken = auth["gatewayToken"],
                RequireHttpsMetadata = Bool(auth, "requireHttpsMetadata", true, errors),
                ClockSkew = TimeSpan.FromSeconds(Int(auth, "clockSkewSeconds", 60, 0, 3600, errors)),
                LocalTokenLifetime = TimeSpan.FromMinutes(Int(auth, "localTokenMinutes", 60, 1, 24 * 60, errors)),
                DashboardClientId = NullIfEmpty(auth["dashboardClientId"]) ?? FirstOrNull(List(auth.GetSection("clientIds"))),
                DashboardScope = NullIfEmpty(auth["dashboardScope"]) ?? "openid",
            },
            Correlation = new CorrelationOptions
            {
                Window = TimeSpan.FromMinutes(Int(correlation, "windowMinutes", 1440, 1, 60 * 24 * 30, errors)),
                EscalateAfter = Int(correlation, "escalateAfter", 10, 2, 1_000_000, errors),
            },
        };

        if (settings.Storage.Provider is not ("sqlite" or "dynamodb"))
        {
            errors.Add("storage:provider must be sqlite or dynamodb");
        }

        ValidateAuth(settings.Auth, listen, loopback, errors);

        if (settings.Auth.GatewayToken is { Length: > 0 and < 16 })
        {
            errors.Add("auth:gatewayToken must be at least 16 characters");
        }

        return errors.Count == 0 ? settings : throw new InvalidOperationException("invalid admin configuration: " + string.Join("; ", errors));
    }

    private static void ValidateAuth(AuthSettings auth, string listen, bool loopback, List<string> errors)
    {
        if (auth.Mode.Length == 0)
        {
            errors.Add("auth:mode is required when listening beyond loopback (listen is " + listen + "): set auth:mode=oidc with "
                + "auth:authority and auth:audience or auth:clientIds; auth:mode=local (a token printed at start, for trials) "
                + "must be chosen explicitly there");
        }
        else if (auth.Mode is not (AuthSettings.Oidc or AuthSettings.Local or AuthSettings.Off))
        {
            errors.Add("auth:mode must be oidc, local or off");
        }

        if (auth.Mode == AuthSettings.Off && !loopback)
        {
            errors.Add("auth:mode=off listens on loopback only (listen is " + listen + "): anyone who reaches the port would be an admin");
        }

        if (auth.Mode == AuthSettings.Oidc)
        {
            if (string.IsNullOrEmpty(auth.Authority))
            {
                errors.Add("auth:authority is required when auth:mode is oidc");
            }

            if (auth.Audience is null && auth.ClientIds.Length == 0)
            {
                errors.Add("auth:audience or auth:clientIds is required when auth:mode is oidc: without it a token the issuer minted for any other application would be accepted");
            }

            if (auth.GroupRoles.Count == 0)
            {
                errors.Add("auth:groupRoles must map at least one group to viewer, analyst or admin when auth:mode is oidc (groups become roles only through it)");
            }

            if (auth.SigningAlgorithms.Length == 0)
            {
                errors.Add("auth:signingAlgorithms must name at least one algorithm");
            }

            foreach (var alg in auth.SigningAlgorithms)
            {
                if (Array.IndexOf(AuthSettings.AllowedSigningAlgorithms, alg) < 0)
                {
                    errors.Add("auth:signingAlgorithms: '" + alg + "' is not one of " + string.Join(", ", AuthSettings.AllowedSigningAlgorithms));
                }
            }
        }

        foreach (var (group, role) in auth.GroupRoles)
        {
            if (!Roles.IsRole(role))
            {
                errors.Add("auth:groupRoles:" + group + " must be viewer, analyst or admin");
            }
        }
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static string? FirstOrNull(string[] values) => values.Length > 0 ? values[0] : null;

    private static int Int(IConfiguration c, string key, int fallback, int min, int max, List<string> errors) => SettingsReader.Int(c, "", key, fallback, min, max, errors);

    private static bool Bool(IConfiguration c, string key, bool fallback, List<string> errors) => SettingsReader.Bool(c, "", key, fallback, errors);

    private static string[] List(IConfigurationSection section) => SettingsReader.List(section);

    private static Dictionary<string, string> Map(IConfigurationSection section)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var child in section.GetChildren())
        {
            if (child.Value is not null)
            {
                map[child.Key] = child.Value;
            }
        }

        return map;
    }
}
