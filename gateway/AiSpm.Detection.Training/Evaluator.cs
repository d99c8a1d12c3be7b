using System.Text;
using AiSpm.Detection.Scoring;

namespace AiSpm.Detection.Training;

/// <summary>
/// Per-category recall and benign false-positive rate for the scorer alone, the rule packs alone and both together.
/// An attack row counts as detected only by a detector of its own category; a benign row counts as flagged when
/// anything fires.
/// </summary>
internal static class Evaluator
{
    public static readonly string[] RequestCategories = ["prompt_injection", "jailbreak", "system_prompt_extraction", "memory_poisoning"];

    public static void Run(IReadOnlyList<CorpusRow> rows, LinearScorer scorer, RulePackSet rules, TextWriter output, bool verbose)
    {
        var counts = new Dictionary<string, int[]>(StringComparer.Ordinal); // count, scorer, rules, combined
        var benign = new int[4];
        var matched = new Dictionary<string, string>(StringComparer.Ordinal);
        Span<float> probabilities = stackalloc float[scorer.ClassCount];
        foreach (var row in rows)
        {
            var normalized = TextNormalizer.Normalize(row.Text);
            scorer.Score(Encoding.UTF8.GetBytes(normalized), probabilities);
            rules.Match(normalized, matched);

            if (row.Label == "benign")
            {
                var scorerFired = false;
                for (var c = 0; c < scorer.ClassCount; c++)
                {
                    scorerFired |= probabilities[c] >= scorer.Thresholds[c];
                }

                var rulesFired = matched.Count > 0;
                Tally(benign, scorerFired, rulesFired);
                if (verbose && (scorerFired || rulesFired))
                {
                    output.WriteLine($"  FP {row.Id} [{row.Source}] rules={string.Join(',', matched.Values)} scorer={Describe(scorer, probabilities)} :: {Snippet(row.Text)}");
                }

                continue;
            }

            if (!counts.TryGetValue(row.Category, out var tally))
            {
                counts[row.Category] = tally = new int[4];
            }

            var index = IndexOf(scorer.Categories, row.Category);
            var byScorer = index >= 0 && probabilities[index] >= scorer.Thresholds[index];
            var byRules = matched.ContainsKey(row.Category);
            Tally(tally, byScorer, byRules);
            if (verbose && !byScorer && !byRules && (index >= 0 || row.Category == "memory_poisoning"))
            {
                output.WriteLine($"  MISS {row.Id} {row.Category} [{row.Source}] scorer={Describe(scorer, probabilities)} :: {Snippet(row.Text)}");
            }
        }

        output.WriteLine($"{"category",-26} {"count",6} {"scorer",16} {"rules",16} {"combined",16}");
        foreach (var category in RequestCategories)
        {
            if (counts.TryGetValue(category, out var t))
            {
                output.WriteLine($"{category,-26} {t[0],6} {Cell(t[1], t[0]),16} {Cell(t[2], t[0]),16} {Cell(t[3], t[0]),16}");
            }
        }

        output.WriteLine($"{"benign (flagged, fpr)",-26} {benign[0],6} {Cell(benign[1], benign[0]),16} {Cell(benign[2], benign[0]),16} {Cell(benign[3], benign[0]),16}");
    }

    private static void Tally(int[] tally, bool byScorer, bool byRules)
    {
        tally[0]++;
        tally[1] += byScorer ? 1 : 0;
        tally[2] += byRules ? 1 : 0;
        tally[3] += byScorer || byRules ? 1 : 0;
    }

    private static int IndexOf(IReadOnlyList<string> items, string value)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] == value)
            {
                return i;
            }
        }

        return -1;
    }

    private static string Cell(int hits, int total) => $"{hits,4} {ScorerTrainer.Percent(total == 0 ? 0 : (double)hits / total),7}";

    private static string Describe(LinearScorer scorer, ReadOnlySpan<float> probabilities)
    {
        var sb = new StringBuilder();
        for (var c = 0; c < scorer.ClassCount; c++)
        {
            sb.Append(c == 0 ? "" : "/").Append(probabilities[c].ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    private static string Snippet(string text)
    {
        var flat = text.ReplaceLineEndings(" ");
        return flat.Length <= 160 ? flat : flat[..160] + "...";
    }
}
