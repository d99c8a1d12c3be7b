using System.Globalization;

namespace AiSpm.Admin.Hosting;

/// <summary>
/// The typed reads every settings section shares: a value out of range or of the wrong type is added to
/// <c>errors</c> with its full key (so start-up reports every mistake at once) and the fallback is used meanwhile.
/// </summary>
internal static class SettingsReader
{
    public static int Int(IConfiguration c, string prefix, string key, int fallback, int min, int max, List<string> errors)
    {
        if (c[key] is not { } s)
        {
            return fallback;
        }

        if (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
        {
            errors.Add(prefix + key + " must be an integer in " + min.ToString(CultureInfo.InvariantCulture) + ".." + max.ToString(CultureInfo.InvariantCulture));
            return fallback;
        }

        return v;
    }

    public static bool Bool(IConfiguration c, string prefix, string key, bool fallback, List<string> errors)
    {
        if (c[key] is not { } s)
        {
            return fallback;
        }

        if (!bool.TryParse(s, out var v))
        {
            errors.Add(prefix + key + " must be true or false");
            return fallback;
        }

        return v;
    }

    /// <summary>A JSON array, or one comma-separated string (handy in an environment variable).</summary>
    public static string[] List(IConfigurationSection section)
    {
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
}
