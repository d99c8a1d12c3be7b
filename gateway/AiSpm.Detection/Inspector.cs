using AiSpm.Detection.Engines;
using AiSpm.Detection.Engines.Hyperscan;
using AiSpm.Detection.Engines.Managed;
using AiSpm.Detection.Rules;
using AiSpm.Detection.Scoring;

namespace AiSpm.Detection;

/// <summary>
/// The detection stack behind one compiled rule database: extraction, normalization, pattern engine, validators and
/// the learned scorer. Thread-safe; per-thread scratch lives inside.
/// </summary>
public sealed partial class Inspector : IDisposable
{
    /// <summary>Rule id of the structural check for a tool call the request did not declare.</summary>
    public const string UndeclaredToolRuleId = "TOOL-UNDECLARED";

    /// <summary>Rule id of the structural check for a call to a high-risk tool.</summary>
    public const string HighRiskToolRuleId = "AGENCY-HIGH-RISK";

    private readonly IMatchEngine _engine;
    private readonly RuleDefinition[] _definitions;
    private readonly LinearScorer? _scorer;
    private readonly int[] _scorerRules;
    private readonly string[] _highRiskTools;
    private readonly int _undeclaredRule;
    private readonly int _highRiskRule;
    private readonly StreamPlan _streamPlan;
    private readonly StreamPool _streams = new(Math.Clamp(Environment.ProcessorCount * 8, 16, 128));
    private volatile bool _disposed;

    private Inspector(IMatchEngine engine, RuleDefinition[] definitions, RuleInfo[] rules, RuleSet set, LinearScorer? scorer, int[] scorerRules, string[] highRiskTools, StreamPlan streamPlan)
    {
        _engine = engine;
        _streamPlan = streamPlan;
        _definitions = definitions;
        EngineName = engine.Name;
        Rules = rules;
        PackVersion = set.Version;
        Packs = set.Packs;
        AvailablePacks = set.AvailablePacks;
        _scorer = scorer;
        _scorerRules = scorerRules;
        _highRiskTools = highRiskTools;
        _undeclaredRule = IndexOf(rules, UndeclaredToolRuleId);
        _highRiskRule = IndexOf(rules, HighRiskToolRuleId);
    }

    /// <summary>"hyperscan" or "managed".</summary>
    public string EngineName { get; }

    public IReadOnlyList<RuleInfo> Rules { get; }

    public string PackVersion { get; }

    /// <summary>Names of the packs whose rules are loaded (see <see cref="InspectorOptions.EnabledPacks"/>).</summary>
    public IReadOnlyList<string> Packs { get; }

    /// <summary>Names of every pack in the rules folder, loaded or not.</summary>
    public IReadOnlyList<string> AvailablePacks { get; }

    internal IMatchEngine Engine => _engine;

    /// <summary>True when the learned second stage is loaded.</summary>
    public bool HasScorer => _scorer is not null;

    /// <summary>True when libhs.so.5 loads on this machine.</summary>
    public static bool HyperscanAvailable => HsNative.IsAvailable();

    /// <summary>
    /// Loads every pack in <see cref="InspectorOptions.RulesDirectory"/>, validates it and compiles it for the chosen
    /// engine. Throws <see cref="RulePackException"/> listing every error when the set is refused; an Inspector loaded
    /// earlier is untouched and stays usable.
    /// </summary>
    public static Inspector Load(InspectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var set = RulePackLoader.LoadDirectory(options.RulesDirectory, errors, options.EnabledPacks);
        if (errors.Count > 0)
        {
            throw new RulePackException(errors);
        }

        return Build(set, options);
    }

    internal static Inspector Build(RuleSet set, InspectorOptions options)
    {
        var errors = new List<string>();
        var definitions = new List<RuleDefinition>(set.Rules);
        var patterns = new List<CompiledPattern>();
        for (var r = 0; r < definitions.Count; r++)
        {
            foreach (var p in definitions[r].Patterns)
            {
                patterns.Add(new CompiledPattern(r, p, definitions[r].Info.Phase));
            }
        }

        if (patterns.Count == 0)
        {
            throw new RulePackException(["the rule set has no patterns"]);
        }

        // Every pattern must compile in both engines, so switching engines never changes what a pack means.
        var useHyperscan = options.Engine switch
        {
            EngineKind.Hyperscan => true,
            EngineKind.Managed => false,
            _ => HsNative.IsAvailable(),
        };
        // The scorer's weights load while the engines compile or load (both are a good share of start-up).
        var scorerTask = Task.Run(() => LoadScorer(options.ScorerPath));
        var compileErrors = new List<(int Pattern, string Message)>();
        var managed = ManagedEngine.Compile(patterns, compileErrors);
        Report(compileErrors, patterns, definitions, "managed", errors);
        HyperscanEngine? hyperscan = null;
        if (managed is not null && (useHyperscan || HsNative.IsAvailable()))
        {
            if (!HsNative.IsAvailable())
            {
                throw new RulePackException(["engine 'hyperscan' requested but libhs.so.5 cannot be loaded (apt-get install libhyperscan5)"]);
            }

            compileErrors.Clear();
            // The Hyperscan engine confirms spans with the (stateless, thread-safe) managed regexes.
            hyperscan = HyperscanEngine.Compile(patterns, managed, compileErrors);
            Report(compileErrors, patterns, definitions, "hyperscan", errors);
        }

        if (errors.Count > 0 || managed is null)
        {
            hyperscan?.Dispose();
            managed?.Dispose();
            throw new RulePackException(errors);
        }

        IMatchEngine engine;
        if (useHyperscan)
        {
            engine = hyperscan!;
        }
        else
        {
            engine = managed;
            managed.PrepareBlockScans();
            hyperscan?.Dispose();
        }

        var infos = new List<RuleInfo>(definitions.Count + 8);
        foreach (var d in definitions)
        {
            infos.Add(d.Info);
        }

        infos.Add(BuiltInRules.UndeclaredTool);
        infos.Add(BuiltInRules.HighRiskTool);
        var scorer = scorerTask.GetAwaiter().GetResult();
        var scorerRules = Array.Empty<int>();
        if (scorer is not null)
        {
            scorerRules = new int[scorer.Categories.Count];
            for (var c = 0; c < scorerRules.Length; c++)
            {
                scorerRules[c] = infos.Count;
                infos.Add(BuiltInRules.Learned(scorer.Categories[c]));
            }
        }

        var risky = new string[options.HighRiskTools.Count];
        for (var i = 0; i < risky.Length; i++)
        {
            risky[i] = options.HighRiskTools[i];
        }

        return new Inspector(engine, [.. definitions], [.. infos], set, scorer, scorerRules, risky, StreamPlan.Build(patterns));
    }

    private static LinearScorer? LoadScorer(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        // A configured scorer that is not there would silently drop the second stage; that is an error, not "off".
        if (!File.Exists(path))
        {
            throw new RulePackException(["scorer " + path + ": file not found"]);
        }

        try
        {
            return LinearScorer.Load(path);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or FormatException or System.Text.Json.JsonException or ArgumentException)
        {
            throw new RulePackException(["scorer " + path + ": " + ex.Message]);
        }
    }

    private static void Report(List<(int Pattern, string Message)> compileErrors, List<CompiledPattern> patterns, List<RuleDefinition> definitions, string engine, List<string> errors)
    {
        foreach (var (index, message) in compileErrors)
        {
            if (index < 0)
            {
                errors.Add(engine + ": " + message);
                continue;
            }

            var p = patterns[index];
            errors.Add(definitions[p.Rule].Info.Id + ": /" + p.Pattern.Expression + "/ does not compile in " + engine + ": " + message);
        }
    }

    private static int IndexOf(RuleInfo[] rules, string id)
    {
        for (var i = 0; i < rules.Length; i++)
        {
            if (rules[i].Id == id)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Index of the rule with this id in <see cref="Rules"/>, or -1.</summary>
    public int FindRule(string id)
    {
        for (var i = 0; i < Rules.Count; i++)
        {
            if (Rules[i].Id == id)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Opens a stream-mode scan over the deltas of one SSE response. Streams are pooled: disposing one returns it, and
    /// the next call reuses it (its text buffers, sinks and native stream) without allocating.
    /// </summary>
    public StreamInspector OpenStream(ScanContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var stream = _streams.Rent() ?? NewStream();
        stream.Start(context);
        return stream;
    }

    private StreamInspector NewStream()
    {
        var stream = _engine.OpenStream();
        stream.Attach(_streamPlan);
        return new StreamInspector(this, stream);
    }

    internal void ReturnStream(StreamInspector stream)
    {
        // Reset even a stream that is not kept: it ends an abandoned native stream without reporting matches.
        var large = stream.TextLength > StreamInspector.MaxPooledTextBytes;
        if (!stream.TryReset() || large || _disposed || !_streams.Return(stream))
        {
            stream.Release();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        while (_streams.Rent() is { } stream)
        {
            stream.Release();
        }

        _engine.Dispose();
    }
}
