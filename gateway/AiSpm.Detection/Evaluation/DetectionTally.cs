namespace AiSpm.Detection.Evaluation;

/// <summary>
/// Per-category counts of a corpus run: attacks and how many were detected per category, benign rows and how many
/// were flagged. The one place these figures are summed, for <c>./aispm eval</c> and the admin's red team.
/// </summary>
public sealed class DetectionTally
{
    public SortedDictionary<string, CategoryCount> Categories { get; } = new(StringComparer.Ordinal);

    public int BenignCount { get; private set; }

    public int BenignFlagged { get; private set; }

    /// <summary>Adds one row; returns whether it counted (an attack detected, a benign row flagged).</summary>
    public bool Add(CorpusRow row, RowOutcome outcome)
    {
        var counts = outcome.Counts(row);
        if (row.IsAttack)
        {
            Categories.TryGetValue(row.Category, out var c);
            Categories[row.Category] = new CategoryCount(c.Count + 1, c.Detected + (counts ? 1 : 0));
        }
        else
        {
            BenignCount++;
            BenignFlagged += counts ? 1 : 0;
        }

        return counts;
    }

    /// <summary><paramref name="a"/> over <paramref name="b"/> rounded to four places; 0 when nothing was counted.</summary>
    public static double Ratio(int a, int b) => b == 0 ? 0 : Math.Round((double)a / b, 4);
}
