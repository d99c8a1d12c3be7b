using AiSpm.Detection;

namespace AiSpm.Benchmarks.Inputs;

internal static class Inspectors
{
    /// <summary>Loads the shipped rules on the requested engine; refuses a silent fallback, which would mislabel results.</summary>
    public static Inspector Load(EngineKind engine)
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
