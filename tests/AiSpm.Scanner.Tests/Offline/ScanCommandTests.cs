using System.Text.Json.Nodes;
using AiSpm.Scanner.Cli;

namespace AiSpm.Scanner.Tests.Offline;

public sealed class ScanCommandTests
{
    private static readonly string Estate = Path.Combine(AppContext.BaseDirectory, "Exports", "estate");

    [Fact]
    public async Task JsonOutputHasAssetsEdgesAndErrors()
    {
        using var stdout = new MemoryStream();
        var code = await ScanCommand.RunAsync(["--offline", Estate, "--json"], TextWriter.Null, TextWriter.Null, stdout);
        Assert.Equal(0, code);
        var doc = JsonNode.Parse(stdout.ToArray())!;
        var asset = doc["assets"]!.AsArray().First(a => a!["kind"]!.GetValue<string>() == "agent")!;
        foreach (var field in new[] { "id", "kind", "provider", "name", "account", "region", "tags", "owner", "document", "firstSeen", "lastSeen", "sources" })
        {
            Assert.True(asset.AsObject().ContainsKey(field), field);
        }

        var edge = doc["edges"]![0]!.AsObject();
        Assert.Equal(["from", "to", "type"], edge.Select(p => p.Key));
        Assert.Contains(doc["errors"]!.AsArray(), e => e!["source"]!.GetValue<string>() == "notes.txt");
    }

    [Fact]
    public async Task AMissingFolderIsAUsageErrorNotACrash()
    {
        using var err = new StringWriter();
        var code = await ScanCommand.RunAsync(["--offline", Path.Combine(Estate, "nope"), "--json"], TextWriter.Null, err, Stream.Null);
        Assert.Equal(2, code);
        Assert.Contains("no such directory", err.ToString(), StringComparison.Ordinal);
    }
}
