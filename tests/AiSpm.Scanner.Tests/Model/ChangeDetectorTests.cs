using System.Text.Json.Nodes;
using AiSpm.Scanner.Model;

namespace AiSpm.Scanner.Tests.Model;

public sealed class ChangeDetectorTests
{
    private static readonly DateTimeOffset Yesterday = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Today = Yesterday.AddDays(1);

    private static Asset Guardrail(string strength) => new()
    {
        Id = "arn:aws:bedrock:us-east-1:123456789012:guardrail/g1",
        Kind = AssetKinds.Guardrail,
        Provider = Providers.Aws,
        Name = "g1",
        Document = (JsonObject)JsonNode.Parse("{\"contentPolicy\":{\"filters\":[{\"type\":\"PROMPT_ATTACK\",\"inputStrength\":\"" + strength + "\"}]}}")!,
        FirstSeen = Yesterday,
        LastSeen = Yesterday,
        Sources = ["aws-bedrock"],
    };

    [Fact]
    public void ARescanWithNothingChangedWritesNothing()
    {
        var edges = new[] { new Edge("a", "b", EdgeTypes.UsesModel) };
        var set = ChangeDetector.Detect([Guardrail("HIGH")], edges, [Guardrail("HIGH") with { LastSeen = Today }], edges, "s2", Today);
        Assert.True(set.IsEmpty);
        Assert.Empty(set.Changes);
    }

    [Fact]
    public void AChangedFieldYieldsItsBeforeAndAfter()
    {
        var set = ChangeDetector.Detect([Guardrail("HIGH")], [], [Guardrail("LOW")], [], "s2", Today);
        var change = Assert.Single(set.Changes);
        Assert.Equal(ChangeKind.Modified, change.Kind);
        var field = Assert.Single(change.Fields);
        Assert.Equal("document.contentPolicy.filters[0].inputStrength", field.Path);
        Assert.Equal("HIGH", field.Before!.GetValue<string>());
        Assert.Equal("LOW", field.After!.GetValue<string>());
        var upsert = Assert.Single(set.Upserts);
        Assert.Equal(Yesterday, upsert.FirstSeen);
        Assert.Equal(Today, upsert.LastSeen);
    }

    [Fact]
    public void AddedRemovedAndOutOfScopeAssetsAreToldApart()
    {
        var other = Guardrail("HIGH") with { Id = "other", Sources = ["litellm"] };
        var fresh = Guardrail("HIGH") with { Id = "fresh" };
        var set = ChangeDetector.Detect([Guardrail("HIGH"), other], [new Edge("other", "x", EdgeTypes.Calls)], [fresh], [], "s2", Today,
            inScope: a => a.Sources.Contains("aws-bedrock"));
        Assert.Contains(set.Changes, c => c.AssetId == "fresh" && c.Kind == ChangeKind.Added);
        Assert.Contains(set.Changes, c => c.AssetId == Guardrail("HIGH").Id && c.Kind == ChangeKind.Removed);
        Assert.DoesNotContain(set.Changes, c => c.AssetId == "other");
        Assert.Empty(set.EdgesRemoved);
    }
}
