using AiSpm.Posture.Controls;
using AiSpm.Posture.Evaluation;
using AiSpm.Scanner.Model;

namespace AiSpm.Posture.Scoring;

/// <summary>Scores and the framework report of a set of results.</summary>
public static class PostureScoring
{
    public const string Unassigned = "(unassigned)";

    public static ScoreBoard Scores(IReadOnlyList<ControlOutcome> outcomes, IReadOnlyList<Asset> assets)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentNullException.ThrowIfNull(assets);
        var byId = new Dictionary<string, Asset>(assets.Count, StringComparer.Ordinal);
        foreach (var a in assets)
        {
            byId[a.Id] = a;
        }

        // Tallied in hash maps and sorted once at the end: a sorted map per result cost a tree walk of string compares
        // for each of the hundreds of thousands of results of a large estate.
        var overall = new Tally();
        var accounts = new Dictionary<string, Tally>(StringComparer.Ordinal);
        var teams = new Dictionary<string, Tally>(StringComparer.Ordinal);
        var perAsset = new Dictionary<string, Tally>(StringComparer.Ordinal);
        foreach (var o in outcomes)
        {
            var weight = SeverityWeights.Weight(o.Control.Metadata.Severity);
            foreach (var r in o.Results)
            {
                var asset = byId.GetValueOrDefault(r.ResourceId);
                overall.Add(r.Status, weight);
                Get(accounts, asset?.Account ?? asset?.Provider ?? Unassigned).Add(r.Status, weight);
                Get(teams, asset is null ? Unassigned : TeamOf(asset)).Add(r.Status, weight);
                Get(perAsset, r.ResourceId).Add(r.Status, weight);
            }
        }

        return new ScoreBoard(overall.ToScore(), Freeze(accounts), Freeze(teams), Freeze(perAsset));
    }

    /// <summary>The team an asset belongs to: its owner as discovery resolved it, else its `team` tag.</summary>
    public static string TeamOf(Asset asset)
    {
        ArgumentNullException.ThrowIfNull(asset);
        if (!string.IsNullOrEmpty(asset.Owner))
        {
            return asset.Owner;
        }

        foreach (var (k, v) in asset.Tags)
        {
            if (string.Equals(k, "team", StringComparison.OrdinalIgnoreCase) && v.Length > 0)
            {
                return v;
            }
        }

        return Unassigned;
    }

    public static IReadOnlyList<FrameworkRisk> FrameworkReport(IReadOnlyList<ControlOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var report = new List<FrameworkRisk>(Frameworks.Risks.Count);
        foreach (var (framework, id, name) in Frameworks.Risks)
        {
            var tag = framework + ":" + id;
            var controls = new List<string>();
            var failing = new HashSet<string>(StringComparer.Ordinal);
            var judged = new HashSet<string>(StringComparer.Ordinal);
            foreach (var o in outcomes)
            {
                if (!HasTag(o.Control.Metadata.Frameworks, tag))
                {
                    continue;
                }

                controls.Add(o.Control.Metadata.Id);
                foreach (var r in o.Results)
                {
                    judged.Add(r.ResourceId);
                    if (r.Status is ResultStatus.Failing or ResultStatus.Error)
                    {
                        failing.Add(r.ResourceId);
                    }
                }
            }

            report.Add(new FrameworkRisk(framework, id, name, controls, judged.Count - failing.Count, failing.Count));
        }

        return report;
    }

    private static bool HasTag(IReadOnlyList<string> tags, string tag)
    {
        foreach (var t in tags)
        {
            if (string.Equals(t, tag, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static Tally Get(Dictionary<string, Tally> d, string key)
    {
        ref var t = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(d, key, out _);
        return t ??= new Tally();
    }

    private static SortedDictionary<string, Score> Freeze(Dictionary<string, Tally> d)
    {
        var keys = new string[d.Count];
        d.Keys.CopyTo(keys, 0);
        Array.Sort(keys, StringComparer.Ordinal);
        var s = new SortedDictionary<string, Score>(StringComparer.Ordinal);
        foreach (var k in keys)
        {
            s[k] = d[k].ToScore();
        }

        return s;
    }

    private sealed class Tally
    {
        private int _passing;
        private int _failing;
        private int _error;
        private int _excepted;
        private int _passingWeight;
        private int _totalWeight;

        public void Add(ResultStatus status, int weight)
        {
            switch (status)
            {
                case ResultStatus.Passing:
                    _passing++;
                    _passingWeight += weight;
                    _totalWeight += weight;
                    break;
                case ResultStatus.Failing:
                    _failing++;
                    _totalWeight += weight;
                    break;
                case ResultStatus.Error:
                    _error++;
                    _totalWeight += weight;
                    break;
                default:
                    _excepted++;
                    break;
            }
        }

        public Score ToScore() => new(_passing, _failing, _error, _excepted, _passingWeight, _totalWeight);
    }
}
