using AiSpm.Rego.Cli.Conformance;

namespace AiSpm.Rego.Tests.Conformance;

public class RegorusConformanceTests
{
    /// <summary>The regorus cases live beside the repository (../shared, or $AISPM_SHARED), read in place and never copied.</summary>
    private static string CasesDirectory()
    {
        if (Environment.GetEnvironmentVariable("AISPM_SHARED") is { Length: > 0 } shared)
        {
            return Path.GetFullPath(Path.Combine(shared, "conformance", "rego", "regorus"));
        }

        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AiSpm.sln")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        return Path.GetFullPath(Path.Combine(dir!.FullName, "..", "shared", "conformance", "rego", "regorus"));
    }

    [Fact]
    public void AtLeast97PercentOfTheNonSkippedRegorusCasesPass()
    {
        var cases = CasesDirectory();
        Assert.True(Directory.Exists(cases), "conformance cases not found at " + cases);
        var report = ConformanceRunner.RunDirectory(cases);
        Assert.True(report.Passed + report.Failed >= 500, $"only {report.Passed + report.Failed} cases ran");
        var failures = string.Join("\n", report.Cases.Where(c => c.Outcome == CaseOutcome.Failed).Select(c => $"{c.File}: {c.Note}: {c.Reason}"));
        Assert.True(report.PassRate >= 0.97, $"pass rate {report.PassRate:P2} ({report.Passed} of {report.Passed + report.Failed}) is under 97 %; failures:\n{failures}");
    }

    [Fact]
    public void ErrorCasesPassOnlyWhenTheMessageMatches()
    {
        var yaml = new YamlDotNet.RepresentationModel.YamlStream();
        yaml.Load(new StringReader("""
            cases:
              - note: right message
                modules: ["package t\nx := lower(1)"]
                query: data.t.x
                error: "`lower` expects string argument"
              - note: wrong message
                modules: ["package t\nx := lower(1)"]
                query: data.t.x
                error: "something else"
              - note: skipped
                modules: []
                query: data
                skip: true
              - note: opa form
                modules: ["package t\np[x] { x := [1, 2][_] }"]
                query: data.t.p[x]
                want_result: [{"x": 1}, {"x": 2}]
            """));
        var root = (YamlDotNet.RepresentationModel.YamlMappingNode)yaml.Documents[0].RootNode;
        var seq = (YamlDotNet.RepresentationModel.YamlSequenceNode)root.Children[new YamlDotNet.RepresentationModel.YamlScalarNode("cases")];
        var outcomes = seq.Children.Select(c => ConformanceRunner.RunCase("inline.yaml", (YamlDotNet.RepresentationModel.YamlMappingNode)c).Outcome).ToArray();
        Assert.Equal([CaseOutcome.Passed, CaseOutcome.Failed, CaseOutcome.Skipped, CaseOutcome.Passed], outcomes);
    }
}
