using System.Collections.Concurrent;
using AiSpm.Contracts;
using AiSpm.Detection;

namespace AiSpm.Gateway.Tests;

internal static class TestSupport
{
    public static string RepoRoot { get; } = FindRoot();

    public static string RulesDirectory => Path.Combine(RepoRoot, "config", "rules");

    /// <summary>The real rule packs of the repository, on the managed engine unless asked otherwise.</summary>
    public static Inspector LoadInspector(EngineKind engine = EngineKind.Managed) =>
        Inspector.Load(new InspectorOptions { RulesDirectory = RulesDirectory, Engine = engine, HighRiskTools = ["payment", "transfer"] });

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AiSpm.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("AiSpm.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>One real detector stack per test class: compiling the rule packs is the slow part.</summary>
public sealed class InspectorFixture : IDisposable
{
    public Inspector Inspector { get; } = TestSupport.LoadInspector(EngineKind.Auto);

    public void Dispose() => Inspector.Dispose();
}

internal sealed class RecordingSink : IDetectionEventSink
{
    public ConcurrentQueue<DetectionEvent> Events { get; } = new();

    public bool TryEmit(DetectionEvent e)
    {
        Events.Enqueue(e);
        return true;
    }
}
