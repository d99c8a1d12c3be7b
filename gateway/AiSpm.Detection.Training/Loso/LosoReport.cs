using System.Globalization;
using System.Text;

namespace AiSpm.Detection.Training.Loso;

/// <summary>
/// Per category over the held-out sources that hold it: rows pooled, the mean of the sources' recalls (each source
/// weighs the same, however many rows it has) and the worst source. Benign rows the same way, by rate flagged.
/// </summary>
internal sealed class LosoReport(IReadOnlyList<GroupResult> groups)
{
    public IReadOnlyList<GroupResult> Groups { get; } = groups;

    public string ToTable()
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append("per held-out source (scorer retrained without its rows; rules as shipped):\n");
        foreach (var g in Groups)
        {
            sb.Append(c, $"  {g.Group}  (trained on {g.TrainedRows} rows)");
            if (g.RulesFromThisSource.Count > 0)
            {
                sb.Append(c, $"  rules written after reading it: {string.Join(' ', g.RulesFromThisSource)}");
            }

            sb.Append('\n');
            foreach (var (name, (count, detected)) in g.Categories)
            {
                sb.Append(c, $"    {name,-26} {detected,5}/{count,-5} {Percent(detected, count),7}\n");
            }

            if (g.Benign > 0)
            {
                sb.Append(c, $"    {"benign flagged",-26} {g.BenignFlagged,5}/{g.Benign,-5} {Percent(g.BenignFlagged, g.Benign),7}\n");
            }
        }

        sb.Append("\nleave-one-source-out summary:\n");
        sb.Append(c, $"  {"category",-26} {"sources",7} {"rows",6} {"pooled",8} {"mean",8}  worst source\n");
        var categories = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var g in Groups)
        {
            categories.UnionWith(g.Categories.Keys);
        }

        foreach (var name in categories)
        {
            var (sources, rows, detected, mean, worst, worstRate) = Summarize(g => g.Categories.TryGetValue(name, out var v) ? v : (0, 0), higherIsWorse: false);
            sb.Append(c, $"  {name,-26} {sources,7} {rows,6} {Percent(detected, rows),8} {Percent(mean),8}  {worst} ({Percent(worstRate)})\n");
        }

        var benign = Summarize(g => (g.Benign, g.BenignFlagged), higherIsWorse: true);
        if (benign.Sources > 0)
        {
            sb.Append(c, $"  {"benign flagged",-26} {benign.Sources,7} {benign.Rows,6} {Percent(benign.Hits, benign.Rows),8} {Percent(benign.Mean),8}  {benign.Worst} ({Percent(benign.WorstRate)})\n");
        }

        return sb.ToString();
    }

    internal (int Sources, int Rows, int Hits, double Mean, string Worst, double WorstRate) Summarize(Func<GroupResult, (int Count, int Hits)> select, bool higherIsWorse)
    {
        var sources = 0;
        var rows = 0;
        var hits = 0;
        var sum = 0.0;
        var worst = "-";
        var worstRate = higherIsWorse ? -1.0 : 2.0;
        foreach (var g in Groups)
        {
            var (count, h) = select(g);
            if (count == 0)
            {
                continue;
            }

            sources++;
            rows += count;
            hits += h;
            var rate = (double)h / count;
            sum += rate;
            if (higherIsWorse ? rate > worstRate : rate < worstRate)
            {
                worstRate = rate;
                worst = g.Group;
            }
        }

        return (sources, rows, hits, sources == 0 ? 0 : sum / sources, worst, sources == 0 ? 0 : worstRate);
    }

    private static string Percent(int a, int b) => b == 0 ? "-" : Percent((double)a / b);

    private static string Percent(double value) => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";
}
