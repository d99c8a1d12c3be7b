namespace AiSpm.Contracts;

/// <summary>The one matching rule of the policy document: null or "*" matches all, "abc*" a prefix, else exact.</summary>
public static class Glob
{
    public static bool Matches(string? pattern, string? value)
    {
        if (pattern is null || pattern == "*")
        {
            return true;
        }

        if (value is null)
        {
            return false;
        }

        return pattern.EndsWith('*')
            ? value.AsSpan().StartsWith(pattern.AsSpan(0, pattern.Length - 1), StringComparison.Ordinal)
            : string.Equals(pattern, value, StringComparison.Ordinal);
    }
}
