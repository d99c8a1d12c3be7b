namespace AiSpm.Benchmarks.Inputs;

/// <summary>Finds the checkout so benchmarks load the same rules and scorer the gateway ships with.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string RulesDirectory => Path.Combine(Root, "config", "rules");

    /// <summary>The learned scorer's weights, or null when none has been trained into config/ yet.</summary>
    public static string? ScorerPath
    {
        get
        {
            var path = Path.Combine(Root, "config", "scorer", "model.json");
            return File.Exists(path) ? path : null;
        }
    }

    /// <summary>The labelled corpus beside the repository (AISPM_CORPUS overrides), read by the real-prose inputs.</summary>
    public static string CorpusDirectory =>
        Environment.GetEnvironmentVariable("AISPM_CORPUS") is { Length: > 0 } corpus ? corpus : Path.Combine(Path.GetDirectoryName(Root)!, "shared", "corpus");

    private static string FindRoot()
    {
        var fromEnv = Environment.GetEnvironmentVariable("AISPM_ROOT");
        if (!string.IsNullOrEmpty(fromEnv) && File.Exists(Path.Combine(fromEnv, "AiSpm.sln")))
        {
            return fromEnv;
        }

        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "AiSpm.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("cannot find the AiSpm checkout (no AiSpm.sln above the benchmark); set AISPM_ROOT");
    }
}
