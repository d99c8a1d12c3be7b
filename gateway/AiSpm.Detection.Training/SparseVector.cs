using System.Text;
using AiSpm.Detection.Scoring;

namespace AiSpm.Detection.Training;

/// <summary>
/// A text's features as the runtime scorer sees them: distinct buckets with count / sqrt(total count), built by the
/// very <see cref="FeatureExtractor"/> the gateway runs.
/// </summary>
internal sealed class SparseVector
{
    private SparseVector(int[] indices, float[] values)
    {
        Indices = indices;
        Values = values;
    }

    public int[] Indices { get; }

    public float[] Values { get; }

    public static SparseVector FromText(string normalizedText, int bucketBits, List<int> scratch)
    {
        scratch.Clear();
        var sink = new CollectingSink(scratch);
        var bytes = Encoding.UTF8.GetBytes(normalizedText);
        var total = FeatureExtractor.Extract(bytes, bucketBits, ref sink);
        scratch.Sort();

        var indices = new List<int>();
        var values = new List<float>();
        var scale = total > 0 ? 1f / MathF.Sqrt(total) : 0f;
        for (var i = 0; i < scratch.Count;)
        {
            var j = i;
            while (j < scratch.Count && scratch[j] == scratch[i])
            {
                j++;
            }

            indices.Add(scratch[i]);
            values.Add((j - i) * scale);
            i = j;
        }

        return new SparseVector([.. indices], [.. values]);
    }

    private readonly struct CollectingSink(List<int> buckets) : IFeatureSink
    {
        public void Add(int bucket) => buckets.Add(bucket);
    }
}
