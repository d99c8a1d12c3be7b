using System.Text;

namespace AiSpm.Detection.Cli;

/// <summary>Runs <see cref="Inspector.ScanText"/> (the gateway's code path, normalization included) on every row.</summary>
internal static class Evaluator
{
    public static EvalResult Run(Inspector inspector, List<CorpusRow> rows, TextWriter? errors)
    {
        var result = new EvalResult(inspector.EngineName);
        var findings = new FindingList();
        foreach (var row in rows)
        {
            findings.Clear();
            var bytes = Encoding.UTF8.GetBytes(row.Text);
            inspector.ScanText(bytes, row.Phase, findings);
            if (row.IsAttack)
            {
                var hit = false;
                foreach (var f in findings.AsSpan())
                {
                    hit |= inspector.Rules[f.RuleIndex].Category == row.Category;
                }

                result.Categories.TryGetValue(row.Category, out var counts);
                result.Categories[row.Category] = (counts.Count + 1, counts.Detected + (hit ? 1 : 0));
                if (!hit && errors is not null)
                {
                    errors.WriteLine("MISS " + row.Category + " " + row.Id + ": " + Snippet(row.Text));
                }
            }
            else
            {
                result.BenignCount++;
                if (findings.Count > 0)
                {
                    result.BenignFlagged++;
                    if (errors is not null)
                    {
                        var f = findings[0];
                        errors.WriteLine("FP " + inspector.Rules[f.RuleIndex].Id + " " + row.Id + ": [" + Snippet(Encoding.UTF8.GetString(bytes.AsSpan(f.Start, f.End - f.Start))) + "] " + Snippet(row.Text));
                    }
                }
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
