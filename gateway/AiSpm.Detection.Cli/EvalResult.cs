using System.Globalization;
using System.Text;
using System.Text.Json;
using AiSpm.Detection.Evaluation;

namespace AiSpm.Detection.Cli;

/// <summary>Counts per attack category and for benign rows.</summary>
internal sealed class EvalResult(string engine)
{
    public string Engine { get; } = engine;

    public DetectionTally Tally { get; } = new();

    private SortedDictionary<string, CategoryCount> Categories => Tally.Categories;

    private int BenignCount => Tally.BenignCount;

    private int BenignFlagged => Tally.BenignFlagged;

    private static double Ratio(int a, int b) => DetectionTally.Ratio(a, b);

    public string ToJson()
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteString("engine", Engine);
            w.WriteStartObject("categories");
            foreach (var (name, (count, detected)) in Categories)
            {
                w.WriteStartObject(name);
                w.WriteNumber("count", count);
                w.WriteNumber("detected", detected);
                w.WriteNumber("recall", Ratio(detected, count));
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteStartObject("benign");
            w.WriteNumber("count", BenignCount);
            w.WriteNumber("flagged", BenignFlagged);
            w.WriteNumber("fpr", Ratio(BenignFlagged, BenignCount));
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(ms.ToArray());
    }

    public string ToTable(Inspector inspector)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(c, $"engine: {Engine}   rules: {inspector.Rules.Count}   pack: {inspector.PackVersion}   scorer: {(inspector.HasScorer ? "on" : "off")}\n");
        sb.Append("an attack row counts as detected when any finding's category equals the row's category;\n");
        sb.Append("a benign row counts as flagged when it has any finding.\n\n");
        sb.Append(c, $"{"category",-26} {"count",6} {"detected",9} {"recall",8}\n");
        foreach (var (name, (count, detected)) in Categories)
        {
            sb.Append(c, $"{name,-26} {count,6} {detected,9} {Ratio(detected, count),8:P1}\n");
        }

        sb.Append('\n');
        sb.Append(c, $"{"benign",-26} {"count",6} {"flagged",9} {"fpr",8}\n");
        sb.Append(c, $"{"",-26} {BenignCount,6} {BenignFlagged,9} {Ratio(BenignFlagged, BenignCount),8:P2}\n");
        return sb.ToString();
    }
}
