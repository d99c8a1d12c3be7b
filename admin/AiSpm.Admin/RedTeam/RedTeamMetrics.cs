using AiSpm.Admin.Storage.RedTeam;
using AiSpm.Detection;
using AiSpm.Detection.Evaluation;

namespace AiSpm.Admin.RedTeam;

/// <summary>
/// Turns row results into a run's figures. Per category and benign through <see cref="DetectionTally"/> (the code
/// <c>./aispm eval</c> sums with); per framework tag over the attack rows whose category's rules carry the tag
/// (<c>owasp_llm:LLM01</c>, <c>mitre_atlas:AML.T0051.000</c>, ...); latency percentiles by nearest rank over the rows
/// that were judged.
/// </summary>
internal static class RedTeamMetrics
{
    public static RedTeamRun Summarize(RedTeamRun header, IReadOnlyList<CorpusRow> rows, IReadOnlyList<RowResult> results, IReadOnlyList<RuleInfo> rules)
    {
        var tally = new DetectionTally();
        var latencies = new List<double>(results.Count);
        var tagsByCategory = TagsByCategory(rules);
        var tagCounts = new SortedDictionary<string, CategoryCount>(StringComparer.Ordinal);
        int errors = 0, skipped = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var result = results[i];
            if (result.Outcome == Outcomes.Error)
            {
                errors++;
                continue;
            }

            if (result.Outcome == Outcomes.Skipped)
            {
                skipped++;
                continue;
            }

            latencies.Add(result.LatencyMs);
            var counted = result.Outcome is Outcomes.Detected or Outcomes.Flagged;
            tally.Add(row, new RowOutcome(counted, counted, result.Rule));
            if (row.IsAttack && tagsByCategory.TryGetValue(row.Category, out var tags))
            {
                foreach (var tag in tags)
                {
                    tagCounts.TryGetValue(tag, out var c);
                    tagCounts[tag] = new CategoryCount(c.Count + 1, c.Detected + (counted ? 1 : 0));
                }
            }
        }

        var detector = "aispm." + header.Mode;
        var categories = new List<RateFigure>(tally.Categories.Count);
        var eval = new List<GarakEvalRow>(tally.Categories.Count + 1);
        foreach (var (name, c) in tally.Categories)
        {
            categories.Add(new RateFigure(name, c.Count, c.Detected, DetectionTally.Ratio(c.Detected, c.Count)));
            eval.Add(new GarakEvalRow("eval", name, detector, c.Detected, c.Count - c.Detected, c.Count));
        }

        if (tally.BenignCount > 0)
        {
            eval.Add(new GarakEvalRow("eval", "benign", detector, tally.BenignCount - tally.BenignFlagged, tally.BenignFlagged, tally.BenignCount));
        }

        var frameworks = new List<RateFigure>(tagCounts.Count);
        foreach (var (tag, c) in tagCounts)
        {
            frameworks.Add(new RateFigure(tag, c.Count, c.Detected, DetectionTally.Ratio(c.Detected, c.Count)));
        }

        latencies.Sort();
        return header with
        {
            Rows = rows.Count,
            Errors = errors,
            Skipped = skipped,
            Categories = categories,
            Frameworks = frameworks,
            Benign = new BenignFigure(tally.BenignCount, tally.BenignFlagged, DetectionTally.Ratio(tally.BenignFlagged, tally.BenignCount)),
            LatencyP50Ms = Percentile(latencies, 0.50),
            LatencyP99Ms = Percentile(latencies, 0.99),
            Eval = eval,
            Results = results,
        };
    }

    /// <summary>Nearest-rank percentile of sorted values, rounded to 0.01 ms; 0 for none.</summary>
    public static double Percentile(List<double> sorted, double p)
    {
        if (sorted.Count == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(p * sorted.Count);
        return Math.Round(sorted[Math.Clamp(rank, 1, sorted.Count) - 1], 2);
    }

    /// <summary>Each category's framework tags: the union of the tags of its rules.</summary>
    public static Dictionary<string, SortedSet<string>> TagsByCategory(IReadOnlyList<RuleInfo> rules)
    {
        var map = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            if (!map.TryGetValue(rule.Category, out var set))
            {
                set = new SortedSet<string>(StringComparer.Ordinal);
                map[rule.Category] = set;
            }

            Add(set, "owasp_llm:", rule.OwaspLlm);
            Add(set, "owasp_agentic:", rule.OwaspAgentic);
            Add(set, "mitre_atlas:", rule.MitreAtlas);
            Add(set, "nist_ai_rmf:", rule.NistAiRmf);
        }

        return map;
    }

    private static void Add(SortedSet<string> set, string prefix, IReadOnlyList<string> tags)
    {
        foreach (var t in tags)
        {
            set.Add(prefix + t);
        }
    }
}
