using AiSpm.Detection.Engines;
using CsCheck;

namespace AiSpm.Detection.Tests.Engines;

/// <summary>
/// A stream canonicalizes its sink after every delta, merging only what was added since; the result must be what
/// canonicalizing every match at once gives, and every entry that differs from the last result must be reported as
/// changed, or a stream would never publish it.
/// </summary>
public class MatchSinkTests
{
    private static List<(int Rule, int Start, int End)> Union(IEnumerable<(int Rule, int Start, int End)> added)
    {
        var result = new List<(int Rule, int Start, int End)>();
        foreach (var m in added.OrderBy(m => m.Rule).ThenBy(m => m.Start).ThenBy(m => m.End))
        {
            if (result.Count > 0 && result[^1].Rule == m.Rule && m.Start <= result[^1].End)
            {
                result[^1] = (m.Rule, result[^1].Start, Math.Max(result[^1].End, m.End));
            }
            else
            {
                result.Add(m);
            }
        }

        return result;
    }

    private static void AssertIncrementalAgrees((int Rule, int Start, int Length)[][] batches)
    {
        var sink = new MatchSink();
        sink.Reset(4);
        var all = new List<(int Rule, int Start, int End)>();
        var previous = new HashSet<(int, int, int)>();
        foreach (var batch in batches)
        {
            foreach (var (rule, start, length) in batch)
            {
                sink.Add(rule, start, start + length);
                all.Add((rule, start, start + length));
            }

            sink.Canonicalize();
            var now = sink.Matches.ToArray().Select(m => (m.Rule, m.Start, m.End)).ToList();
            Assert.Equal(Union(all), now);
            var changed = sink.Changed.ToArray();
            for (var k = 0; k < now.Count; k++)
            {
                Assert.True(previous.Contains(now[k]) || changed.Contains(k), $"entry {now[k]} is new but not reported as changed");
            }

            previous = [.. now];
        }
    }

    [Fact]
    public void ASpanBridgingTwoCanonicalOnesJoinsThem() =>
        AssertIncrementalAgrees([[(0, 10, 10), (0, 30, 10)], [(0, 15, 20)], [(1, 0, 5), (0, 40, 1)]]);

    [Fact]
    public void IncrementalCanonicalizationEqualsCanonicalizingEverythingAtOnce() =>
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, 200], Gen.Int[0, 12]).Array[0, 6].Array[1, 12]
            .Sample(AssertIncrementalAgrees, iter: 2000);
}
