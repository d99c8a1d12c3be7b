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

    /// <summary>AISPM_BENCH_ENGINES ("hyperscan,managed" by default) picks the engines the suites run on.</summary>
    public static IEnumerable<EngineKind> SelectedEngines()
    {
        var value = Environment.GetEnvironmentVariable("AISPM_BENCH_ENGINES");
        if (string.IsNullOrWhiteSpace(value))
        {
            return [EngineKind.Hyperscan, EngineKind.Managed];
        }

        var engines = new List<EngineKind>();
        foreach (var name in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            engines.Add(Enum.TryParse<EngineKind>(name, ignoreCase: true, out var kind) && kind != EngineKind.Auto
                ? kind
                : throw new InvalidOperationException($"AISPM_BENCH_ENGINES: unknown engine '{name}' (hyperscan, managed)"));
        }

        return engines;
    }

    /// <summary>The engine of the suites that run on the gateway's default: the first selected one when narrowed.</summary>
    public static EngineKind DefaultEngine() =>
        string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("AISPM_BENCH_ENGINES")) ? EngineKind.Auto : SelectedEngines().First();

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
