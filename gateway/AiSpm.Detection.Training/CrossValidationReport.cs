using System.Text.Json;

namespace AiSpm.Detection.Training;

/// <summary>Out-of-fold recall per class and the benign false-positive rate at the chosen thresholds.</summary>
internal sealed record CrossValidationReport(string[] Categories, int[] Positives, int[] Detected, float[] Thresholds, int Benign, int BenignFlagged)
{
    public static CrossValidationReport Create(IReadOnlyList<CorpusRow> rows, IReadOnlyList<int> classOf, float[][] scores, float[] thresholds, string[] categories)
    {
        var positives = new int[categories.Length];
        var detected = new int[categories.Length];
        var benign = 0;
        var flagged = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            var c = classOf[i];
            if (c >= 0)
            {
                positives[c]++;
                detected[c] += scores[i][c] >= thresholds[c] ? 1 : 0;
            }
            else if (rows[i].Label == "benign")
            {
                benign++;
                flagged += ThresholdSelector.CountFlagged([scores[i]], thresholds);
            }
        }

        return new CrossValidationReport(categories, positives, detected, thresholds, benign, flagged);
    }

    public void Print(TextWriter log, string title)
    {
        log.WriteLine($"{title}:");
        for (var c = 0; c < Categories.Length; c++)
        {
            log.WriteLine($"  {Categories[c],-26} threshold {Thresholds[c]:0.0000}  recall {Detected[c],4}/{Positives[c],-4} {ScorerTrainer.Percent(Positives[c] == 0 ? 0 : (double)Detected[c] / Positives[c])}");
        }

        log.WriteLine($"  {"benign",-26} flagged {BenignFlagged}/{Benign}  fpr {ScorerTrainer.Percent(Benign == 0 ? 0 : (double)BenignFlagged / Benign)}");
    }

    public void WriteJson(Utf8JsonWriter json)
    {
        json.WriteStartObject("crossValidation");
        for (var c = 0; c < Categories.Length; c++)
        {
            json.WriteStartObject(Categories[c]);
            json.WriteNumber("count", Positives[c]);
            json.WriteNumber("detected", Detected[c]);
            json.WriteEndObject();
        }

        json.WriteStartObject("benign");
        json.WriteNumber("count", Benign);
        json.WriteNumber("flagged", BenignFlagged);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
