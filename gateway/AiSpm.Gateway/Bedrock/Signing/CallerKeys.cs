namespace AiSpm.Gateway.Bedrock.Signing;

/// <summary>
/// The access keys callers may sign with, read from one environment variable as
/// <c>AKID1:SECRET1,AKID2:SECRET2</c> (secrets never sit in the configuration file).
/// </summary>
internal static class CallerKeys
{
    /// <summary>The table, or null with <paramref name="error"/> set when the value is missing or malformed.</summary>
    public static Dictionary<string, string>? Parse(string? value, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "is unset or empty";
            return null;
        }

        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || colon == entry.Length - 1)
            {
                // The entry is not echoed: it may hold a secret.
                error = "has an entry that is not ACCESS_KEY_ID:SECRET";
                return null;
            }

            keys[entry[..colon]] = entry[(colon + 1)..];
        }

        return keys;
    }
}
