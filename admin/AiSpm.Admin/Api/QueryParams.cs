using System.Globalization;

namespace AiSpm.Admin.Api;

/// <summary>Strict query-string reading: unknown parameters, repeated parameters and bad values are all errors.</summary>
internal sealed class QueryParams(IQueryCollection query, RequestErrors errors)
{
    public void AllowOnly(params ReadOnlySpan<string> names)
    {
        foreach (var (key, _) in query)
        {
            var known = false;
            foreach (var n in names)
            {
                if (string.Equals(n, key, StringComparison.Ordinal))
                {
                    known = true;
                    break;
                }
            }

            if (!known)
            {
                errors.Add(key, "unknown query parameter; allowed: " + string.Join(", ", names.ToArray()));
            }
        }
    }

    public string? Text(string name, int max = 256)
    {
        if (!query.TryGetValue(name, out var values))
        {
            return null;
        }

        if (values.Count != 1 || string.IsNullOrEmpty(values[0]) || values[0]!.Length > max)
        {
            errors.Add(name, "must be given once, 1-" + max + " characters");
            return null;
        }

        return values[0];
    }

    public string? OneOf(string name, Func<string?, bool> valid, string allowed)
    {
        var v = Text(name);
        if (v is not null && !valid(v))
        {
            errors.Add(name, "must be one of " + allowed);
            return null;
        }

        return v;
    }

    public DateTimeOffset? Time(string name)
    {
        var v = Text(name, 64);
        if (v is null)
        {
            return null;
        }

        if (!DateTimeOffset.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
        {
            errors.Add(name, "must be an ISO 8601 time, e.g. 2026-01-31T12:00:00Z");
            return null;
        }

        return t;
    }

    public int Int(string name, int fallback, int min, int max)
    {
        var v = Text(name, 16);
        if (v is null)
        {
            return fallback;
        }

        if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
        {
            errors.Add(name, "must be an integer in " + min + ".." + max);
            return fallback;
        }

        return n;
    }
}
