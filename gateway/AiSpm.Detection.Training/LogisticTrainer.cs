namespace AiSpm.Detection.Training;

/// <summary>
/// One-vs-rest L2-regularized logistic regression by plain SGD (Bottou's schedule, the weight-scale trick keeps the
/// L2 decay O(1) per step) over features scaled by <see cref="FeatureRatios"/>. Single-threaded and seeded, so the
/// same data gives the same weights bit for bit.
/// </summary>
internal static class LogisticTrainer
{
    /// <param name="proseExamples">
    /// The same rows without their fenced code, fitted by the classes in <see cref="TrainingOptions.ProseFitCategories"/>;
    /// null when no class uses them.
    /// </param>
    public static (float[] Weights, float[] Biases) Train(
        IReadOnlyList<SparseVector> examples, IReadOnlyList<SparseVector>? proseExamples, IReadOnlyList<int> classOf, IReadOnlyList<string> categories, TrainingOptions options)
    {
        var classes = categories.Count;
        var buckets = 1 << options.BucketBits;
        var v = new double[(long)buckets * classes];
        var scale = new double[classes];
        var bias = new double[classes];
        var positiveWeight = new double[classes];
        Array.Fill(scale, 1.0);

        for (var c = 0; c < classes; c++)
        {
            var positives = 0;
            foreach (var k in classOf)
            {
                positives += k == c ? 1 : 0;
            }

            var negatives = classOf.Count - positives;
            positiveWeight[c] = positives == 0 ? 1.0 : Math.Max(1.0, Math.Pow((double)negatives / positives, options.PositiveWeightPower));
        }

        var scaled = new bool[classes];
        for (var c = 0; c < classes; c++)
        {
            scaled[c] = options.RatioScaledCategories.Contains(categories[c]);
        }

        var prose = new bool[classes];
        for (var c = 0; c < classes; c++)
        {
            prose[c] = proseExamples is not null && options.ProseFitCategories.Contains(categories[c]);
        }

        var ratio = FeatureRatios(examples, classOf, scaled, buckets, options.NbAlpha);
        var order = new int[examples.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var rng = new SplitMix64(options.Seed);
        double lambda = options.Lambda;
        double eta0 = options.LearningRate;
        long t = 0;
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            rng.Shuffle(order);
            foreach (var i in order)
            {
                var eta = eta0 / (1.0 + (eta0 * lambda * t));
                t++;
                for (var c = 0; c < classes; c++)
                {
                    var x = prose[c] ? proseExamples![i] : examples[i];
                    var dot = 0.0;
                    for (var k = 0; k < x.Indices.Length; k++)
                    {
                        var j = ((long)x.Indices[k] * classes) + c;
                        dot += v[j] * x.Values[k] * ratio[j];
                    }

                    var margin = bias[c] + (scale[c] * dot);
                    var y = classOf[i] == c ? 1.0 : 0.0;
                    var p = 1.0 / (1.0 + Math.Exp(-margin));
                    var g = (p - y) * (y > 0 ? positiveWeight[c] : 1.0);

                    scale[c] *= 1.0 - (eta * lambda);
                    if (scale[c] < 1e-6)
                    {
                        Rescale(v, scale, c, classes);
                    }

                    var step = eta * g / scale[c];
                    for (var k = 0; k < x.Indices.Length; k++)
                    {
                        var j = ((long)x.Indices[k] * classes) + c;
                        v[j] -= step * x.Values[k] * ratio[j];
                    }

                    bias[c] -= eta * g * 0.1;
                }
            }
        }

        var weights = new float[v.Length];
        for (long j = 0; j < v.Length; j++)
        {
            weights[j] = (float)(v[j] * scale[j % classes] * ratio[j]);
        }

        var biases = new float[classes];
        for (var c = 0; c < classes; c++)
        {
            biases[c] = (float)bias[c];
        }

        return (weights, biases);
    }

    // Naive-Bayes log-count ratios (Wang and Manning's NBSVM): each feature is scaled by how much more often it occurs
    // in one class's rows than in the others. The fit stays linear (the ratio folds into the shipped weight), but the
    // L2 penalty now costs least on words that separate the classes; out of fold on train.jsonl jailbreak recall rose
    // from 65 % to 74-77 % at the same benign rate over three seeds. A class left unscaled keeps ratios of one.
    internal static double[] FeatureRatios(IReadOnlyList<SparseVector> examples, IReadOnlyList<int> classOf, bool[] scaled, int buckets, double alpha)
    {
        var classes = scaled.Length;
        var ratio = new double[(long)buckets * classes];
        Array.Fill(ratio, 1.0);
        if (alpha <= 0)
        {
            return ratio;
        }

        for (var c = 0; c < classes; c++)
        {
            if (!scaled[c])
            {
                continue;
            }

            var pos = new double[buckets];
            var neg = new double[buckets];
            double posTotal = 0, negTotal = 0;
            for (var i = 0; i < examples.Count; i++)
            {
                var target = classOf[i] == c ? pos : neg;
                foreach (var index in examples[i].Indices)
                {
                    target[index] += 1;
                }
            }

            for (var b = 0; b < buckets; b++)
            {
                pos[b] += alpha;
                neg[b] += alpha;
                posTotal += pos[b];
                negTotal += neg[b];
            }

            for (var b = 0; b < buckets; b++)
            {
                ratio[((long)b * classes) + c] = Math.Abs(Math.Log(pos[b] / posTotal / (neg[b] / negTotal)));
            }
        }

        return ratio;
    }

    private static void Rescale(double[] v, double[] scale, int c, int classes)
    {
        for (long j = c; j < v.Length; j += classes)
        {
            v[j] *= scale[c];
        }

        scale[c] = 1.0;
    }
}
