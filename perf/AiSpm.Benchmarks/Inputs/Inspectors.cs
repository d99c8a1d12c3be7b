using AiSpm.Detection;

namespace AiSpm.Benchmarks.Inputs;

internal static class Inspectors
{
    // One inspector per engine for the whole (in-process) run: compiling the rule pack once per parameter combination
    // would cost minutes and measure nothing. Inspectors are thread-safe and never disposed before the process ends.
    private static readonly Dictionary<EngineKind, Inspector> Cache = [];

    /// <summary>The shipped rules on the requested engine; refuses a silent fallback, which would mislabel results.</summary>
    public static Inspector Load(EngineKind engine)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(engine, out var inspector))
            {
                inspector = Create(engine);
                Cache[engine] = inspector;
            }

            return inspector;
        }
    }

    private static Inspector Create(EngineKind engine)
    {
        var inspector = Inspector.Load(new InspectorOptions
        {
            RulesDirectory = RepoPaths.RulesDirectory,
            ScorerPath = RepoPaths.ScorerPath,
            Engine = engine,
        });

        var expected = engine switch
        {
            EngineKind.Hyperscan => "hyperscan",
            EngineKind.Managed => "managed",
            _ => inspector.EngineName,
        };

        if (!string.Equals(inspector.EngineName, expected, StringComparison.OrdinalIgnoreCase))
        {
            inspector.Dispose();
            throw new InvalidOperationException($"asked for the {engine} engine but the inspector runs '{inspector.EngineName}'");
        }

        return inspector;
    }
}
