namespace AiSpm.Detection.Training.Loso;

/// <summary>One held-out source: its rows' detections per category, its benign rows flagged, and the rules that name it.</summary>
internal sealed class GroupResult(string group, int trainedRows)
{
    public string Group { get; } = group;

    /// <summary>Rows the scorer was retrained on (every training row outside this group).</summary>
    public int TrainedRows { get; } = trainedRows;

    public SortedDictionary<string, (int Count, int Detected)> Categories { get; } = new(StringComparer.Ordinal);

    public int Benign { get; set; }

    public int BenignFlagged { get; set; }

    /// <summary>Rules whose description says they were written after reading this source's rows.</summary>
    public List<string> RulesFromThisSource { get; } = [];

    /// <summary>One line for progress logs: detected/count per category and benign flagged.</summary>
    public string Summary()
    {
        var parts = new List<string>();
        foreach (var (name, (count, detected)) in Categories)
        {
            parts.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{name} {detected}/{count}"));
        }

        if (Benign > 0)
        {
            parts.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"benign flagged {BenignFlagged}/{Benign}"));
        }

        return string.Join(", ", parts);
    }

    public void Add(string category, bool detected)
    {
        Categories.TryGetValue(category, out var counts);
        Categories[category] = (counts.Count + 1, counts.Detected + (detected ? 1 : 0));
    }
}
