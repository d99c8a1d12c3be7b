using System.Text;
using AiSpm.Detection.Evaluation;

namespace AiSpm.Detection.Cli;

/// <summary>Runs every row through <see cref="RowScanner"/> (the gateway's code path, normalization included) and
/// sums the verdicts in a <see cref="DetectionTally"/>.</summary>
internal static class Evaluator
{
    public static EvalResult Run(Inspector inspector, List<CorpusRow> rows, TextWriter? errors)
    {
        var result = new EvalResult(inspector.EngineName);
        var findings = new FindingList();
        foreach (var row in rows)
        {
            var outcome = RowScanner.Scan(inspector, row, findings);
            var counted = result.Tally.Add(row, outcome);
            if (errors is null)
            {
                continue;
            }

            if (row.IsAttack && !counted)
            {
                errors.WriteLine("MISS " + row.Category + " " + row.Id + ": " + Snippet(row.Text));
            }
            else if (!row.IsAttack && counted)
            {
                var f = findings[0];
                var bytes = Encoding.UTF8.GetBytes(row.Text);
                errors.WriteLine("FP " + inspector.Rules[f.RuleIndex].Id + " " + row.Id + ": [" + Snippet(Encoding.UTF8.GetString(bytes.AsSpan(f.Start, f.End - f.Start))) + "] " + Snippet(row.Text));
            }
        }

        return result;
    }

    private static string Snippet(string s)
    {
        s = s.ReplaceLineEndings(" ");
        return s.Length > 160 ? s[..160] + "..." : s;
    }
}
