namespace AiSpm.Detection.Training.Loso;

/// <summary>How rows are grouped into held-out sources: by repository (<c>owner/repo</c>, the default) or by file.</summary>
internal static class SourceGroups
{
    /// <summary>The group of a row's <c>source</c> (<c>owner/repo:path</c>): the repository, or the whole source by file.</summary>
    public static string Of(string source, bool byFile)
    {
        if (byFile)
        {
            return source;
        }

        var colon = source.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? source : source[..colon];
    }
}
