namespace AiSpm.Detection.Training;

/// <summary>
/// Picks per-class thresholds from out-of-fold scores: each class c may flag at most k_c benign texts (its threshold
/// sits just above the (k_c+1)-th highest benign score); every combination of k_c within the budget is tried and the
/// one with the best mean recall whose union of flagged benign texts stays within the budget wins (ties: fewer
/// benign flags). Classes that separate cleanly thereby leave the budget to the hard ones.
/// </summary>
internal static class ThresholdSelector
{
    public const float Floor = 0.05f;
    public const float Ceiling = 0.999f;
    public const float EvenOdds = 0.5f;
    public const double RecallSlack = 0.01;

    public static float[] Select(float[][] benignScores, float[][] positiveScores, double targetRate)
    {
        var classes = positiveScores.Length;
        var benign = benignScores.Length;
        var budget = (int)Math.Floor(targetRate * benign);
        var candidates = new float[classes][];
        for (var c = 0; c < classes; c++)
        {
            var sorted = new float[benign];
            for (var i = 0; i < benign; i++)
            {
                sorted[i] = benignScores[i][c];
            }

            Array.Sort(sorted);
            Array.Reverse(sorted);
            candidates[c] = new float[budget + 1];
            for (var k = 0; k <= budget; k++)
            {
                var kth = k < benign ? sorted[k] : 0f;
                candidates[c][k] = Math.Clamp(MathF.BitIncrement(kth), Floor, Ceiling);
            }
        }

        var ks = new int[classes];
        var best = new float[classes];
        Array.Fill(best, Ceiling);
        var bestRecall = -1.0;
        var bestFlagged = int.MaxValue;
        var thresholds = new float[classes];
        while (true)
        {
            for (var c = 0; c < classes; c++)
            {
                thresholds[c] = candidates[c][ks[c]];
            }

            var flagged = CountFlagged(benignScores, thresholds);
            if (flagged <= budget)
            {
                var recall = MeanRecall(positiveScores, thresholds);
                if (recall > bestRecall + 1e-12 || (Math.Abs(recall - bestRecall) <= 1e-12 && flagged < bestFlagged))
                {
                    bestRecall = recall;
                    bestFlagged = flagged;
                    Array.Copy(thresholds, best, classes);
                }
            }

            // Next combination (odometer over k_c in 0..budget).
            var d = 0;
            while (d < classes && ++ks[d] > budget)
            {
                ks[d++] = 0;
            }

            if (d == classes)
            {
                return RaiseTowardEvenOdds(best, positiveScores);
            }
        }
    }

    /// <summary>
    /// A threshold far below 0.5 flags texts the model itself finds more likely benign; it comes from classes whose
    /// out-of-fold benign scores are all tiny (few, repetitive training positives) and does not generalize. Each
    /// class is raised to <see cref="EvenOdds"/> unless that costs more than <see cref="RecallSlack"/> of its recall.
    /// </summary>
    private static float[] RaiseTowardEvenOdds(float[] thresholds, float[][] positiveScores)
    {
        var raised = (float[])thresholds.Clone();
        for (var c = 0; c < raised.Length; c++)
        {
            if (raised[c] >= EvenOdds)
            {
                continue;
            }

            var atChosen = Recall(positiveScores[c], raised[c]);
            if (Recall(positiveScores[c], EvenOdds) >= atChosen - RecallSlack)
            {
                raised[c] = EvenOdds;
            }
        }

        return raised;
    }

    private static double Recall(float[] scores, float threshold)
    {
        var hits = 0;
        foreach (var s in scores)
        {
            hits += s >= threshold ? 1 : 0;
        }

        return scores.Length == 0 ? 0 : (double)hits / scores.Length;
    }

    public static int CountFlagged(float[][] scores, float[] thresholds)
    {
        var flagged = 0;
        foreach (var row in scores)
        {
            for (var c = 0; c < thresholds.Length; c++)
            {
                if (row[c] >= thresholds[c])
                {
                    flagged++;
                    break;
                }
            }
        }

        return flagged;
    }

    private static double MeanRecall(float[][] positiveScores, float[] thresholds)
    {
        var sum = 0.0;
        for (var c = 0; c < thresholds.Length; c++)
        {
            var hits = 0;
            foreach (var s in positiveScores[c])
            {
                hits += s >= thresholds[c] ? 1 : 0;
            }

            sum += positiveScores[c].Length == 0 ? 0 : (double)hits / positiveScores[c].Length;
        }

        return sum / thresholds.Length;
    }
}
