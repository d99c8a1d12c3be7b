using AiSpm.Detection.Rules;

namespace AiSpm.Detection.Tests;

/// <summary>One Inspector per engine over the repository's config/rules, loaded once (compiling is the slow part).</summary>
internal static class Inspectors
{
    private static readonly Lazy<Inspector> s_hyperscan = new(() => Load(EngineKind.Hyperscan));
    private static readonly Lazy<Inspector> s_managed = new(() => Load(EngineKind.Managed));

    public static Inspector Hyperscan => s_hyperscan.Value;

    public static Inspector Managed => s_managed.Value;

    public static TheoryData<string> Engines => new() { "hyperscan", "managed" };

    public static Inspector For(string engine) => engine == "hyperscan" ? Hyperscan : Managed;

    /// <summary>Every text paired with each engine, for theories that must hold on both.</summary>
    public static TheoryData<string, string> OnBothEngines(params string[] texts)
    {
        var data = new TheoryData<string, string>();
        foreach (var engine in new[] { "hyperscan", "managed" })
        {
            foreach (var text in texts)
            {
                data.Add(engine, text);
            }
        }

        return data;
    }

    /// <summary>The ids of the rules that report on <paramref name="text"/> in a request scan on <paramref name="engine"/>.</summary>
    public static List<string> RequestRuleIds(string engine, string text)
    {
        var inspector = For(engine);
        return Ids(inspector, Scan(inspector, text, ScanPhase.Request));
    }

    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AiSpm.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("AiSpm.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string RulesDirectory => Path.Combine(RepoRoot, "config", "rules");

    /// <summary>../shared/corpus, or $AISPM_SHARED/corpus when the repository is not cloned beside ../shared.</summary>
    public static string CorpusDirectory => Path.Combine(
        Environment.GetEnvironmentVariable("AISPM_SHARED") is { Length: > 0 } shared ? shared : Path.Combine(Path.GetDirectoryName(RepoRoot)!, "shared"),
        "corpus");

    private static Inspector Load(EngineKind engine) => Inspector.Load(new InspectorOptions
    {
        RulesDirectory = RulesDirectory,
        Engine = engine,
        HighRiskTools = ["payment", "transfer", "delete", "send_email"],
    });

    public static List<string> Ids(Inspector inspector, FindingList findings)
    {
        var ids = new List<string>();
        foreach (var f in findings.AsSpan())
        {
            ids.Add(inspector.Rules[f.RuleIndex].Id);
        }

        return ids;
    }

    public static List<string> Categories(Inspector inspector, FindingList findings)
    {
        var c = new List<string>();
        foreach (var f in findings.AsSpan())
        {
            c.Add(inspector.Rules[f.RuleIndex].Category);
        }

        return c;
    }

    public static FindingList Scan(Inspector inspector, string text, ScanPhase phase)
    {
        var findings = new FindingList();
        inspector.ScanText(System.Text.Encoding.UTF8.GetBytes(text), phase, findings);
        return findings;
    }

    public static RulePackException? TryLoad(string dir)
    {
        try
        {
            using var i = Inspector.Load(new InspectorOptions { RulesDirectory = dir, Engine = EngineKind.Auto });
            return null;
        }
        catch (RulePackException ex)
        {
            return ex;
        }
    }

    /// <summary>Findings as sorted, distinct (rule id, start, end): what the stream tests compare with a block scan.</summary>
    public static List<(string Rule, int Start, int End)> Findings(Inspector inspector, FindingList findings)
    {
        var list = new List<(string, int, int)>();
        foreach (var f in findings.AsSpan())
        {
            list.Add((inspector.Rules[f.RuleIndex].Id, f.Start, f.End));
        }

        list.Sort();
        return list.Distinct().ToList();
    }
}
