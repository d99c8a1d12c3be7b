using AiSpm.Contracts;

namespace AiSpm.Admin.Api;

/// <summary>Validates a gateway policy document, collecting every error with its field path.</summary>
internal static class PolicyValidator
{
    public const int MaxEntries = 1000;

    public static void Validate(GatewayPolicy p, RequestErrors errors)
    {
        if (p.Mode is not null && !PolicyMode.IsMode(p.Mode))
        {
            errors.Add("mode", "must be monitor, enforce or null");
        }

        Count(errors, "modeOverrides", p.ModeOverrides);
        for (var i = 0; i < p.ModeOverrides?.Length; i++)
        {
            var o = p.ModeOverrides[i];
            var at = "modeOverrides[" + i + "].";
            if (o is null)
            {
                errors.Add("modeOverrides[" + i + "]", "must be an object");
                continue;
            }

            if (!PolicyMode.IsMode(o.Mode))
            {
                errors.Add(at + "mode", "must be monitor or enforce");
            }

            if (o.Route is null && o.Key is null && o.Team is null && o.Model is null)
            {
                errors.Add(at + "route", "an override needs at least one of route, key, team, model");
            }

            Selectors(errors, at, o.Route, o.Key, o.Team, o.Model);
        }

        Count(errors, "suppressions", p.Suppressions);
        for (var i = 0; i < p.Suppressions?.Length; i++)
        {
            var s = p.Suppressions[i];
            var at = "suppressions[" + i + "].";
            if (s is null)
            {
                errors.Add("suppressions[" + i + "]", "must be an object");
                continue;
            }

            EventValidator.Text(errors, at + "ruleId", s.RuleId, 1, 256);
            Selectors(errors, at, null, s.Key, s.Team, s.Model);
            if (s.TextSha256 is not null && (s.TextSha256.Length != 64 || !IsHex(s.TextSha256)))
            {
                errors.Add(at + "textSha256", "must be 64 hex characters (SHA-256)");
            }

            EventValidator.Text(errors, at + "reason", s.Reason, 0, 1000);
        }

        Count(errors, "rateLimits", p.RateLimits);
        for (var i = 0; i < p.RateLimits?.Length; i++)
        {
            var r = p.RateLimits[i];
            var at = "rateLimits[" + i + "].";
            if (r is null)
            {
                errors.Add("rateLimits[" + i + "]", "must be an object");
                continue;
            }

            if (!LimitScope.IsScope(r.Scope))
            {
                errors.Add(at + "scope", "must be key, team or model");
            }

            EventValidator.Text(errors, at + "match", r.Match, 1, 256);
            if (r.RequestsPerMinute <= 0)
            {
                errors.Add(at + "requestsPerMinute", "must be > 0");
            }
        }

        Count(errors, "tokenLimits", p.TokenLimits);
        for (var i = 0; i < p.TokenLimits?.Length; i++)
        {
            var t = p.TokenLimits[i];
            var at = "tokenLimits[" + i + "].";
            if (t is null)
            {
                errors.Add("tokenLimits[" + i + "]", "must be an object");
                continue;
            }

            EventValidator.Text(errors, at + "key", t.Key, 1, 256);
            if (t.TokensPerMinute <= 0)
            {
                errors.Add(at + "tokensPerMinute", "must be > 0");
            }
        }

        Count(errors, "enabledRulePacks", p.EnabledRulePacks);
        for (var i = 0; i < p.EnabledRulePacks?.Length; i++)
        {
            EventValidator.Text(errors, "enabledRulePacks[" + i + "]", p.EnabledRulePacks[i], 1, 128);
        }
    }

    private static void Count<T>(RequestErrors errors, string field, T[]? items)
    {
        if (items is null)
        {
            errors.Add(field, "must be an array (omit it for none)");
        }
        else if (items.Length > MaxEntries)
        {
            errors.Add(field, "at most " + MaxEntries + " entries");
        }
    }

    private static void Selectors(RequestErrors errors, string at, string? route, string? key, string? team, string? model)
    {
        // Selectors are optional; when present they must not be empty (an empty one would match nothing).
        Optional(errors, at + "route", route);
        Optional(errors, at + "key", key);
        Optional(errors, at + "team", team);
        Optional(errors, at + "model", model);
    }

    private static void Optional(RequestErrors errors, string field, string? value)
    {
        if (value is not null)
        {
            EventValidator.Text(errors, field, value, 1, 256);
        }
    }

    private static bool IsHex(string s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
