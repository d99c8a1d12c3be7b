namespace AiSpm.Detection.Scoring.Tests;

internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string ScorerModel => Path.Combine(Root, "config", "scorer", "model.json");

    public static string Rules => Path.Combine(Root, "config", "rules");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AiSpm.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AiSpm.sln not found above " + AppContext.BaseDirectory);
    }
}
