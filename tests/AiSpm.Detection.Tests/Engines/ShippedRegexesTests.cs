using System.Text.RegularExpressions;
using AiSpm.Detection.Engines.Managed;
using AiSpm.Detection.Rules;

namespace AiSpm.Detection.Tests.Engines;

/// <summary>The source-generated twins must be exactly the shipped patterns, or the gateway silently runs slower code.</summary>
public class ShippedRegexesTests
{
    private static string GeneratedFile =>
        Path.Combine(Inspectors.RepoRoot, "gateway", "AiSpm.Detection", "Engines", "Managed", "ShippedRegexes.g.cs");

    [Fact]
    public void TheGeneratedFileIsUpToDateWithConfigRules()
    {
        var expected = ShippedRegexSource.Generate(Inspectors.RulesDirectory);
        var actual = File.ReadAllText(GeneratedFile).ReplaceLineEndings("\n");
        Assert.True(expected == actual, "ShippedRegexes.g.cs is out of date with config/rules: run ./aispm gen-regexes");
    }

    [Fact]
    public void EveryShippedPatternHasATwinWithTheSameOptions()
    {
        var errors = new List<string>();
        var set = RulePackLoader.LoadDirectory(Inspectors.RulesDirectory, errors);
        Assert.Empty(errors);
        var patterns = 0;
        foreach (var rule in set.Rules)
        {
            foreach (var p in rule.Patterns)
            {
                if (p.IsLiteral)
                {
                    continue;
                }

                patterns++;
                var expression = Dialect.ToDotNet(p.Expression, p.DotAll);
                var twin = ShippedRegexes.Find(expression, ManagedEngine.OptionsFor(p));
                Assert.True(twin is not null, rule.Info.Id + ": no generated twin for /" + p.Expression + "/");
                Assert.Equal(expression, twin.ToString());
                Assert.Equal(ManagedEngine.OptionsFor(p), twin.Options);
            }
        }

        Assert.True(patterns > 100);
    }

    [Fact]
    public void AnEditedPatternFallsBackToTheInterpreter()
    {
        Assert.Null(ShippedRegexes.Find(@"\bno such shipped pattern\b", RegexOptions.CultureInvariant));
    }
}
