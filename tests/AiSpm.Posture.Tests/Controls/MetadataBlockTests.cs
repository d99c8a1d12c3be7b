using AiSpm.Posture.Controls;

namespace AiSpm.Posture.Tests.Controls;

public class MetadataBlockTests
{
    [Fact]
    public void ParsesNestedMapsListsAndBlockScalars()
    {
        var text = TestControls.Metadata("x1", "guardrail", resourceId: "arn:aws:bedrock:*") + "package p\n";
        var block = MetadataBlock.Extract(text);
        Assert.NotNull(block);
        Assert.Equal(2, block.Value.StartLine);
        var meta = MetadataBlock.Parse(block.Value.Lines);
        Assert.Equal("Test control x1", meta["title"]);
        Assert.Equal("A control for the tests.", meta["description"]);
        var custom = Assert.IsType<Dictionary<string, object>>(meta["custom"]);
        Assert.Equal("x1", custom["id"]);
        Assert.Equal("arn:aws:bedrock:*", custom["resource_id"]);
        Assert.Equal(["owasp-llm:LLM01"], Assert.IsType<List<string>>(custom["frameworks"]));
        Assert.Equal("Fix it.\nThen check again.", custom["remediation"]);
    }

    [Fact]
    public void ReturnsNullWithoutAMetadataBlock() => Assert.Null(MetadataBlock.Extract("package p\n# title: x\n"));

    [Fact]
    public void RejectsALineThatIsNotAKeyValuePair()
    {
        var block = MetadataBlock.Extract("# METADATA\n# title: t\n# just words\npackage p\n");
        Assert.Throws<FormatException>(() => MetadataBlock.Parse(block!.Value.Lines));
    }
}
