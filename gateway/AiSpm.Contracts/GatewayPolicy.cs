namespace AiSpm.Contracts;

/// <summary>
/// The policy the admin service serves to gateways at <c>GET /spm/api/policies</c>. Immutable: the gateway swaps the
/// whole document atomically. <see cref="Version"/> is also the HTTP ETag.
/// </summary>
public sealed record GatewayPolicy
{
    // Setters coalesce null: the source-generated deserializer passes null for an absent init-only member, and an
    // absent list must mean "none", never a null the gateway would trip over.
    /// <summary>Monotonic version set by the admin service on every change; "0" is the built-in default.</summary>
    public string Version { get; init => field = value ?? "0"; } = "0";
    /// <summary>Default mode for every request; null keeps the mode from the gateway's own configuration.</summary>
    public string? Mode { get; init; }
    /// <summary>Per route/key/team/model modes; the first override that matches wins (see <see cref="ResolveMode"/>).</summary>
    public ModeOverride[] ModeOverrides { get; init => field = value ?? []; } = [];
    public Suppression[] Suppressions { get; init => field = value ?? []; } = [];
    public RateLimit[] RateLimits { get; init => field = value ?? []; } = [];
    public TokenLimit[] TokenLimits { get; init => field = value ?? []; } = [];
    /// <summary>Rule packs the gateway loads; empty means every pack it has.</summary>
    public string[] EnabledRulePacks { get; init => field = value ?? []; } = [];
    public DateTimeOffset? UpdatedAt { get; init; }
    public string? UpdatedBy { get; init; }

    public static GatewayPolicy Default { get; } = new();

    /// <summary>The mode for one request: the first matching override, else <see cref="Mode"/>, else <paramref name="fallback"/>.</summary>
    public string ResolveMode(string? route, string? key, string? team, string? model, string fallback)
    {
        foreach (var o in ModeOverrides)
        {
            if (o.Matches(route, key, team, model))
            {
                return o.Mode;
            }
        }

        return Mode ?? fallback;
    }

    /// <summary>True when a suppression silences <paramref name="ruleId"/> for this request.</summary>
    /// <param name="textSha256Hex">Lower-case hex SHA-256 of the matched text, or null when not computed.</param>
    public bool IsSuppressed(string ruleId, string? key, string? team, string? model, string? textSha256Hex)
    {
        foreach (var s in Suppressions)
        {
            if (s.Matches(ruleId, key, team, model, textSha256Hex))
            {
                return true;
            }
        }

        return false;
    }
}
