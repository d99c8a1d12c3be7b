using System.Text;
using System.Text.Json;
using AiSpm.Detection.Normalization;

namespace AiSpm.Detection.Tests.Engines;

/// <summary>
/// Streams over real text end with exactly the findings of a block scan: every dev-corpus text, alone and joined into
/// long documents (so rescans have far to look back and every rule's patterns become candidates early), fed in
/// deltas of varied sizes as a model streams them. Narrowing how far back a stream rescans beyond what a pattern can
/// match fails this. Texts whose block scan decodes a payload are left out: stream mode does not decode payloads.
/// </summary>
/// <remarks>
/// Streams publish findings as they go and never take one back (the gateway has evaluated it). Once a rule has a
/// finding, its other patterns are confirmed in deferred passes, so a span published on its own can later be joined by
/// a touching span of the same rule into one that a block scan reports whole: <c>javascript:javascript:alert(1)</c>
/// publishes <c>alert(1)</c>, then the joined span. Such a part is the only difference allowed: every block finding
/// is in the stream's findings, and every other stream finding lies inside a block finding of its rule.
/// </remarks>
public class StreamCorpusTests
{
    private const int DocumentBytes = 24 * 1024;

    public static TheoryData<string> Engines => Inspectors.Engines;

    private static readonly Lazy<List<byte[]>> s_texts = new(StreamableDevTexts);

    private static List<byte[]> StreamableDevTexts()
    {
        var path = Path.Combine(Inspectors.CorpusDirectory, "dev.jsonl");
        Assert.True(File.Exists(path), "corpus not found: " + path);
        var texts = new List<byte[]>();
        var block = new NormalizedText();
        var stream = new NormalizedText();
        foreach (var line in File.ReadLines(path))
        {
            using var doc = JsonDocument.Parse(line);
            var bytes = Encoding.UTF8.GetBytes(doc.RootElement.GetProperty("text").GetString()!);
            block.Clear();
            Normalizer.Normalize(bytes, jsonEscaped: false, 0, block);
            stream.Clear();
            var state = default(NormalizerState);
            Normalizer.Append(bytes, jsonEscaped: false, 0, stream, ref state);
            if (block.Bytes.SequenceEqual(stream.Bytes))
            {
                texts.Add(bytes);
            }
        }

        return texts;
    }

    private static IEnumerable<byte[]> Documents(List<byte[]> texts)
    {
        var document = new List<byte>();
        foreach (var text in texts)
        {
            document.AddRange(text);
            document.Add((byte)'\n');
            if (document.Count >= DocumentBytes)
            {
                yield return document.ToArray();
                document.Clear();
            }
        }

        if (document.Count > 0)
        {
            yield return document.ToArray();
        }
    }

    private static List<(string Rule, int Start, int End)> Block(Inspector inspector, byte[] text)
    {
        var findings = new FindingList();
        inspector.ScanText(text, ScanPhase.Response, findings);
        return Inspectors.Findings(inspector, findings);
    }

    // Deltas of 1 to 48 bytes, cut only between characters, as SSE deltas carry whole JSON strings.
    private static List<(string Rule, int Start, int End)> Stream(Inspector inspector, byte[] text, Random random)
    {
        var context = new ScanContext();
        using var stream = inspector.OpenStream(context);
        var at = 0;
        while (at < text.Length)
        {
            var cut = Math.Min(text.Length, at + random.Next(1, 49));
            while (cut < text.Length && (text[cut] & 0xC0) == 0x80)
            {
                cut++;
            }

            stream.FeedText(text.AsSpan(at, cut - at));
            at = cut;
        }

        stream.Complete();
        return Inspectors.Findings(inspector, context.Findings);
    }

    private static bool SameFindings(List<(string Rule, int Start, int End)> block, List<(string Rule, int Start, int End)> streamed)
    {
        foreach (var f in block)
        {
            if (!streamed.Contains(f))
            {
                return false;
            }
        }

        foreach (var f in streamed)
        {
            if (!block.Exists(b => b.Rule == f.Rule && b.Start <= f.Start && f.End <= b.End))
            {
                return false;
            }
        }

        return true;
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void DevTextsStreamedInSmallDeltasFindWhatABlockScanFinds(string engine)
    {
        var inspector = Inspectors.For(engine);
        var texts = s_texts.Value;
        Assert.True(texts.Count > 500, "only " + texts.Count + " dev texts without payloads");
        var random = new Random(20261128);
        var findings = 0;
        var documents = 0;
        foreach (var text in texts.Concat(Documents(texts)))
        {
            var expected = Block(inspector, text);
            var streamed = Stream(inspector, text, random);
            if (!SameFindings(expected, streamed))
            {
                var shown = Encoding.UTF8.GetString(text);
                Assert.Fail($"stream found [{string.Join(", ", streamed)}], a block scan [{string.Join(", ", expected)}] in: {shown[..Math.Min(300, shown.Length)]}");
            }

            findings += expected.Count;
            documents += text.Length >= DocumentBytes ? 1 : 0;
        }

        // The comparison is only worth something if the texts do fire response rules, in short texts and long ones.
        Assert.True(findings > 100, "only " + findings + " findings");
        Assert.True(documents >= 5, "only " + documents + " long documents");
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void TextDenseWithMatchesStreamedInSmallDeltasFindsWhatABlockScanFinds(string engine)
    {
        // Thousands of findings: every delta adds or grows some, so the sink is merged and published incrementally.
        var inspector = Inspectors.For(engine);
        var sb = new StringBuilder();
        for (var k = 0; sb.Length < 20 * 1024; k++)
        {
            sb.Append((k % 3) switch
            {
                0 => $"write to jo.smith{k}@example.com today. ",
                1 => $"card 4111 1111 1111 1111 and host 10.0.{k % 250}.1 ok. ",
                _ => $"<img src=x onerror=alert({k})> ",
            });
        }

        var text = Encoding.UTF8.GetBytes(sb.ToString());
        var expected = Block(inspector, text);
        Assert.True(expected.Count > 1000, "only " + expected.Count + " findings");
        var streamed = Stream(inspector, text, new Random(7));
        Assert.True(SameFindings(expected, streamed), $"stream: {streamed.Count} findings, block scan: {expected.Count}");
    }
}
