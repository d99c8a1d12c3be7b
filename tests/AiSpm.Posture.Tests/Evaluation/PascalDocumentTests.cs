using System.Text.Json.Nodes;
using AiSpm.Posture.Evaluation;
using AiSpm.Rego.Values;

namespace AiSpm.Posture.Tests.Evaluation;

public class PascalDocumentTests
{
    [Fact]
    public void UpperCasesTheFirstLetterOfEveryKeyAtEveryDepth()
    {
        var doc = JsonNode.Parse("""{"contentPolicy":{"filters":[{"type":"PROMPT_ATTACK","inputStrength":"HIGH"}]},"max_budget":null,"Arn":"a","n":1.5,"ok":true}""");
        var v = PascalDocument.From(doc);
        Assert.Equal(
            RegoJson.Parse("""{"ContentPolicy":{"Filters":[{"Type":"PROMPT_ATTACK","InputStrength":"HIGH"}]},"Max_budget":null,"Arn":"a","N":1.5,"Ok":true}"""),
            v);
    }

    [Theory]
    [InlineData("key_alias", "Key_alias")]
    [InlineData("KmsKeyId", "KmsKeyId")]
    [InlineData("", "")]
    [InlineData("_x", "_x")]
    [InlineData("9a", "9a")]
    public void KeyChangesOnlyALeadingLowerCaseLetter(string key, string expected) => Assert.Equal(expected, PascalDocument.Key(key));
}
