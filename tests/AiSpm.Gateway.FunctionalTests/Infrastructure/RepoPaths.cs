namespace AiSpm.Gateway.FunctionalTests.Infrastructure;

/// <summary>Where the Release build outputs live, found by walking up from the test assembly to AiSpm.sln.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string MockDll => Output("tests/AiSpm.MockUpstream", "AiSpm.MockUpstream.dll");

    public static string GatewayDll => Output("gateway/AiSpm.Gateway", "AiSpm.Gateway.dll");

    public static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static string Output(string project, string dll)
    {
        var path = Path.Combine(Root, project, "bin", "Release", "net10.0", dll);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"{path} does not exist. The functional tests start the Release build outputs and build nothing themselves: " +
                "run ./aispm test, or `dotnet build AiSpm.sln -c Release` first.");
        }

        return path;
    }

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
