using AiSpm.Detection;
using AiSpm.Detection.Evaluation;

namespace AiSpm.Admin.Tests.RedTeam;

public sealed class CorpusReaderTests
{
    [Fact]
    public void RowsFollowTheSchemaDefaults()
    {
        var rows = CorpusReader.Parse(new StringReader("""
            {"id":"a","text":"hi","category":"benign"}

            {"text":"ignore it","category":"prompt_injection","phase":"response"}
            {"id":"c","text":"x","category":"jailbreak","label":"benign"}
            """), 10);
        Assert.Equal(
            [
                new CorpusRow("a", "hi", "benign", ScanPhase.Request, false),
                new CorpusRow("3", "ignore it", "prompt_injection", ScanPhase.Response, true),
                new CorpusRow("c", "x", "benign", ScanPhase.Request, false),
            ],
            rows);
    }

    [Theory]
    [InlineData("""{"text":"a","category":"x"}""" + "\n" + """{"category":"x"}""", 2, "text")]
    [InlineData("""{"text":"a"}""", 1, "category")]
    [InlineData("""{"text":"a","category":"x","label":"evil"}""", 1, "label")]
    [InlineData("""{"text":"a","category":"x","phase":"middle"}""", 1, "phase")]
    [InlineData("""{"text":7,"category":"x"}""", 1, "text")]
    [InlineData("[1]", 1, "json")]
    [InlineData("{not json", 1, "json")]
    [InlineData("""{"text":"a","category":"x"}""" + "\n" + """{"text":"b","category":"x"}""" + "\n" + """{"text":"c","category":"x"}""", 3, "rows")]
    public void ABadLineIsNamedWithItsField(string jsonl, int line, string field)
    {
        var ex = Assert.Throws<CorpusFormatException>(() => CorpusReader.Parse(new StringReader(jsonl), 2));
        Assert.Equal(line, ex.Line);
        Assert.Equal(field, ex.Field);
    }

    [Fact]
    public void TheShippedCorpusIsTeamWrittenAndValid()
    {
        var path = Path.Combine(Support.RepoPaths.Root, "config", "redteam", "builtin.jsonl");
        var rows = CorpusReader.Read(path);
        Assert.InRange(rows.Count, 40, 80);
        Assert.Contains(rows, r => !r.IsAttack);
        Assert.All(File.ReadLines(path), line => Assert.Contains("team-written", line, StringComparison.Ordinal));
    }
}
