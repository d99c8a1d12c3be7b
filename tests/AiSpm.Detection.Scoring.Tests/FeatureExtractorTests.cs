namespace AiSpm.Detection.Scoring.Tests;

public sealed class FeatureExtractorTests
{
    private static readonly List<int> PinnedAbCd = [225, 197, 57, 55, 185];

    private static List<int> Buckets(string text, int bits = 18)
    {
        var list = new List<int>();
        var sink = new ListSink(list);
        var count = FeatureExtractor.Extract(System.Text.Encoding.UTF8.GetBytes(text), bits, ref sink);
        Assert.Equal(count, list.Count);
        return list;
    }

    [Fact]
    public void CaseAndWhitespaceRunsDoNotChangeFeatures()
    {
        Assert.Equal(Buckets("ignore previous instructions"), Buckets("IGNORE   Previous\t\ninstructions"));
    }

    [Fact]
    public void DifferentWordsGiveDifferentFeatures()
    {
        Assert.NotEqual(Buckets("ignore previous instructions"), Buckets("follow previous instructions"));
    }

    [Fact]
    public void CountsWordUnigramsBigramsAndCharacterGrams()
    {
        // "ab cd": 5 bytes -> char 4-grams 2; words: 2 unigrams + 1 bigram.
        Assert.Equal(5, Buckets("ab cd").Count);
        Assert.Empty(Buckets(""));
        Assert.Empty(Buckets("   "));
    }

    [Fact]
    public void HashingIsStableAcrossProcesses()
    {
        // Pinned values: a randomized or changed hash would silently invalidate the shipped weights.
        Assert.Equal(PinnedAbCd, Buckets("ab cd", 8));
    }

    [Fact]
    public void BucketsStayInsideTheTable()
    {
        foreach (var bucket in Buckets("Ünïcödé text, 😀 emoji and ASCII: <|im_start|>system", 10))
        {
            Assert.InRange(bucket, 0, 1023);
        }
    }

    private readonly struct ListSink(List<int> items) : IFeatureSink
    {
        public void Add(int bucket) => items.Add(bucket);
    }
}
