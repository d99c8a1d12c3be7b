namespace AiSpm.Gateway.RulePacks;

/// <summary>A policy's EnabledRulePacks in a canonical form (trimmed, distinct, sorted), so order and repeats never cause a rebuild.</summary>
internal static class PackList
{
    public static string[] Normalize(IReadOnlyList<string>? packs)
    {
        if (packs is null || packs.Count == 0)
        {
            return [];
        }

        var set = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var pack in packs)
        {
            if (!string.IsNullOrWhiteSpace(pack))
            {
                set.Add(pack.Trim());
            }
        }

        return [.. set];
    }

    public static bool SameAs(string[] a, string[] b) => a.AsSpan().SequenceEqual(b);
}
