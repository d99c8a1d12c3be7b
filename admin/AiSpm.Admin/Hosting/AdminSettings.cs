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
        var settings = new AdminSettings
        {
            Listen = c["listen"] ?? "http://127.0.0.1:8090",
            MaxBatchEvents = Int(c, "maxBatchEvents", 1000, 1, 100_000, errors),
            MaxBodyBytes = Int(c, "maxBodyBytes", 8 * 1024 * 1024, 1024, 256 * 1024 * 1024, errors),
            CorsOrigins = List(c.GetSection("cors:origins")),
            RulesDirectory = c["rulesDirectory"],
            Storage = new StoreOptions
            {
                Provider = storage["provider"] ?? "sqlite",
                DataDirectory = Path.GetFullPath(storage["dataDirectory"] ?? ".data/admin", contentRoot),
                EventRetention = TimeSpan.FromDays(Int(storage, "eventRetentionDays", 30, 1, 3650, errors)),
                Environment = storage["environment"] ?? "local",
                DynamoServiceUrl = storage["dynamoServiceUrl"],
                DynamoRegion = storage["dynamoRegion"],
                DynamoCreateTables = Bool(storage, "dynamoCreateTables", storage["dynamoServiceUrl"] is not null, errors),
            },
            Auth = new AuthSettings
            {
                Mode = auth["mode"] ?? "local",
                Authority = auth["authority"],
                Audience = auth["audience"],
                RolesClaim = auth["rolesClaim"] ?? "cognito:groups",
                GroupRoles = Map(auth.GetSection("groupRoles")),
                GatewayToken = auth["gatewayToken"],
                RequireHttpsMetadata = Bool(auth, "requireHttpsMetadata", true, errors),
                ClockSkew = TimeSpan.FromSeconds(Int(auth, "clockSkewSeconds", 60, 0, 3600, errors)),
                LocalTokenLifetime = TimeSpan.FromHours(Int(auth, "localTokenHours", 12, 1, 24 * 30, errors)),
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

        if (settings.Auth.Mode is not (AuthSettings.Oidc or AuthSettings.Local or AuthSettings.Off))
        {
            errors.Add("auth:mode must be oidc, local or off");
        }

        if (settings.Auth.Mode == AuthSettings.Oidc && string.IsNullOrEmpty(settings.Auth.Authority))
        {
            errors.Add("auth:authority is required when auth:mode is oidc");
        }

        if (settings.Auth.GatewayToken is { Length: > 0 and < 16 })
        {
            errors.Add("auth:gatewayToken must be at least 16 characters");
        }

        foreach (var (group, role) in settings.Auth.GroupRoles)
        {
            if (!Roles.IsRole(role))
            {
                errors.Add("auth:groupRoles:" + group + " must be viewer, analyst or admin");
            }
        }

        return errors.Count == 0 ? settings : throw new InvalidOperationException("invalid admin configuration: " + string.Join("; ", errors));
    }

    private static int Int(IConfiguration c, string key, int fallback, int min, int max, List<string> errors)
    {
        var s = c[key];
        if (s is null)
        {
            return fallback;
        }

        if (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
        {
            errors.Add(key + " must be an integer in " + min + ".." + max);
            return fallback;
        }

        return v;
    }

    private static bool Bool(IConfiguration c, string key, bool fallback, List<string> errors)
    {
        var s = c[key];
        if (s is null)
        {
            return fallback;
        }

        if (!bool.TryParse(s, out var v))
        {
            errors.Add(key + " must be true or false");
            return fallback;
        }

        return v;
    }

    private static string[] List(IConfigurationSection section)
    {
        // Accept both a JSON array and one comma-separated string (handy in an environment variable).
        if (section.Value is { } single)
        {
            return single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        var list = new List<string>();
        foreach (var child in section.GetChildren())
        {
            if (!string.IsNullOrWhiteSpace(child.Value))
            {
                list.Add(child.Value.Trim());
            }
        }

        return [.. list];
    }

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
