using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AiSpm.Detection.Scoring;

namespace AiSpm.Detection.Training;

/// <summary>
/// Trains the shipped scorer from train.jsonl only: k-fold cross-validation gives out-of-fold scores for choosing
/// thresholds, then one final fit on all of train.jsonl is written with those thresholds.
/// </summary>
internal sealed class ScorerTrainer(TrainingOptions options, TextWriter log)
{
    public static readonly string[] Categories = ["prompt_injection", "jailbreak", "system_prompt_extraction"];

    public const string ModelFileName = "model.json";
    public const string WeightsFileName = "model.weights.f16";

    public ScorerModel Train(IReadOnlyList<CorpusRow> rows)
    {
        var clock = Stopwatch.StartNew();
        var classes = Categories.Length;
        var examples = new List<SparseVector>(rows.Count);
        var proseExamples = options.ProseFitCategories.Count > 0 ? new List<SparseVector>(rows.Count) : null;
        var texts = new List<byte[]>(rows.Count);
        var classOf = new List<int>(rows.Count);
        var scratch = new List<int>();
        foreach (var row in rows)
        {
            var normalized = TextNormalizer.Normalize(row.Text);
            texts.Add(Encoding.UTF8.GetBytes(normalized));
            examples.Add(SparseVector.FromText(normalized, options.BucketBits, scratch));
            proseExamples?.Add(SparseVector.FromText(CodeFences.Strip(normalized), options.BucketBits, scratch));
            classOf.Add(row.Label == "attack" ? Array.IndexOf(Categories, row.Category) : -1);
        }

        log.WriteLine($"train: {rows.Count} rows featurized in {clock.ElapsedMilliseconds} ms");

        var folds = AssignFolds(rows, options.Folds, options.Seed);
        var outOfFold = new float[rows.Count][];
        var foldModels = new ScorerModel[options.Folds];
        Parallel.For(0, options.Folds, new ParallelOptions { MaxDegreeOfParallelism = 2 }, f =>
        {
            var trainX = new List<SparseVector>();
            var trainProse = proseExamples is null ? null : new List<SparseVector>();
            var trainY = new List<int>();
            for (var i = 0; i < rows.Count; i++)
            {
                if (folds[i] != f)
                {
                    trainX.Add(examples[i]);
                    trainProse?.Add(proseExamples![i]);
                    trainY.Add(classOf[i]);
                }
            }

            foldModels[f] = Fit(trainX, trainProse, trainY, placeholderThreshold: 0.5f);
        });

        Span<float> probabilities = stackalloc float[classes];
        for (var i = 0; i < rows.Count; i++)
        {
            new LinearScorer(foldModels[folds[i]]).Score(texts[i], probabilities);
            outOfFold[i] = probabilities.ToArray();
        }

        var benignScores = new List<float[]>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Label == "benign")
            {
                benignScores.Add(outOfFold[i]);
            }
        }

        var positiveScores = new float[classes][];
        for (var c = 0; c < classes; c++)
        {
            var list = new List<float>();
            for (var i = 0; i < rows.Count; i++)
            {
                if (classOf[i] == c)
                {
                    list.Add(outOfFold[i][c]);
                }
            }

            positiveScores[c] = [.. list];
        }

        var thresholds = ThresholdSelector.Select([.. benignScores], positiveScores, options.TargetBenignFpr);
        if (Verbose)
        {
            PrintHardest(rows, outOfFold, thresholds);
        }

        var cv = CrossValidationReport.Create(rows, classOf, outOfFold, thresholds, Categories);
        log.WriteLine($"train: {options.Folds}-fold cross-validation done in {clock.ElapsedMilliseconds} ms");
        cv.Print(log, "out-of-fold on the training set");

        var final = Fit(examples, proseExamples, classOf, placeholderThreshold: 0.5f).WithThresholds(thresholds);
        log.WriteLine($"train: final fit done in {clock.ElapsedMilliseconds} ms");
        LastReport = cv;
        return final;
    }

    private static void WriteNames(Utf8JsonWriter json, string property, IReadOnlyList<string> names)
    {
        json.WriteStartArray(property);
        foreach (var name in names)
        {
            json.WriteStringValue(name);
        }

        json.WriteEndArray();
    }

    public CrossValidationReport? LastReport { get; private set; }

    public bool Verbose { get; init; }

    // Diagnostics on train only: the benign rows that score highest per class and the positives that are missed.
    private void PrintHardest(IReadOnlyList<CorpusRow> rows, float[][] scores, float[] thresholds)
    {
        for (var c = 0; c < Categories.Length; c++)
        {
            var benign = new List<int>();
            for (var i = 0; i < rows.Count; i++)
            {
                if (rows[i].Label == "benign")
                {
                    benign.Add(i);
                }
            }

            var cls = c;
            benign.Sort((a, b) => scores[b][cls].CompareTo(scores[a][cls]));
            log.WriteLine($"hardest benign for {Categories[c]}:");
            for (var k = 0; k < Math.Min(6, benign.Count); k++)
            {
                var r = rows[benign[k]];
                log.WriteLine($"  {scores[benign[k]][c]:0.000} [{r.Source}] {r.Text.ReplaceLineEndings(" ")[..Math.Min(150, r.Text.Length)]}");
            }

            var missed = 0;
            for (var i = 0; i < rows.Count && missed < 8; i++)
            {
                if (rows[i].Category == Categories[c] && scores[i][c] < thresholds[c])
                {
                    missed++;
                    log.WriteLine($"  MISS {scores[i][c]:0.000} [{rows[i].Source}] {rows[i].Text.ReplaceLineEndings(" ")[..Math.Min(150, rows[i].Text.Length)]}");
                }
            }
        }
    }

    public void Write(ScorerModel model, string outDirectory, string trainPath)
    {
        var path = Path.Combine(outDirectory, ModelFileName);
        model.Write(path, WeightsFileName, json =>
        {
            json.WriteStartObject();
            json.WriteString("command", "./aispm train");
            json.WriteString("corpus", trainPath);
            json.WriteNumber("seed", options.Seed);
            json.WriteNumber("epochs", options.Epochs);
            json.WriteNumber("lambda", options.Lambda);
            json.WriteNumber("learningRate", options.LearningRate);
            json.WriteNumber("positiveWeightPower", options.PositiveWeightPower);
            json.WriteNumber("nbAlpha", options.NbAlpha);
            WriteNames(json, "ratioScaled", options.RatioScaledCategories);
            WriteNames(json, "proseFit", options.ProseFitCategories);
            json.WriteNumber("folds", options.Folds);
            json.WriteNumber("targetBenignFpr", options.TargetBenignFpr);
            LastReport?.WriteJson(json);
            json.WriteEndObject();
        });
        log.WriteLine($"train: wrote {path} and {WeightsFileName}");
    }

    private ScorerModel Fit(IReadOnlyList<SparseVector> x, IReadOnlyList<SparseVector>? prose, IReadOnlyList<int> y, float placeholderThreshold)
    {
        var (weights, biases) = LogisticTrainer.Train(x, prose, y, Categories, options);
        ScorerModel.QuantizeInPlace(weights);
        var thresholds = new float[Categories.Length];
        Array.Fill(thresholds, placeholderThreshold);
        return new ScorerModel(options.BucketBits, options.WindowBytes, Categories, biases, thresholds, weights);
    }

    // Stratified by category: each category's rows are shuffled with the seed and dealt round-robin into folds.
    private static int[] AssignFolds(IReadOnlyList<CorpusRow> rows, int folds, ulong seed)
    {
        var assignment = new int[rows.Count];
        var byCategory = new SortedDictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            var key = rows[i].Category;
            if (!byCategory.TryGetValue(key, out var list))
            {
                byCategory[key] = list = [];
            }

            list.Add(i);
        }

        var rng = new SplitMix64(seed ^ 0xF01D5EEDUL);
        foreach (var list in byCategory.Values)
        {
            var items = list.ToArray();
            rng.Shuffle(items);
            for (var k = 0; k < items.Length; k++)
            {
                assignment[items[k]] = k % folds;
            }
        }

        return assignment;
    }

    internal static string Percent(double value) => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
