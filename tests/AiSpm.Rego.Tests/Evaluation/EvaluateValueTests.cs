using AiSpm.Rego.Values;

namespace AiSpm.Rego.Tests.Evaluation;

public class EvaluateValueTests
{
    private const string Module = """
        package p

        import rego.v1

        deny contains msg if {
        	some name in input.names
        	msg := sprintf("bad %s", [name])
        }

        f := input.flag
        """;

    [Fact]
    public void EvaluateValueGivesTheFirstSolutionsValueOrNullWhenUndefined()
    {
        var policy = Rego.Compile(Module);
        var deny = policy.PrepareQuery("data.p.deny");
        Assert.Equal(Rego.Json("""["bad a", "bad b"]"""), ToArray(policy.EvaluateValue(deny, Rego.Json("""{"names": ["b", "a"]}"""))));
        Assert.Equal(RegoSet.From([]), policy.EvaluateValue(deny, Rego.Json("{}")));
        Assert.Equal(RegoBool.False, policy.EvaluateValue(policy.PrepareQuery("data.p.f"), Rego.Json("""{"flag": false}""")));
        Assert.Null(policy.EvaluateValue(policy.PrepareQuery("data.p.f"), Rego.Json("{}")));
    }

    [Fact]
    public void EvaluateValueStopsAtTheFirstSolution()
    {
        var policy = Rego.Compile(Module);
        var q = policy.PrepareQuery("some x in input.names");
        Assert.Single(policy.Evaluate("x := input.names[_]", Rego.Json("""{"names": ["only"]}""")));
        Assert.Equal(2, policy.Evaluate(q, Rego.Json("""{"names": ["a", "b"]}""")).Count);
        Assert.Equal(RegoBool.True, policy.EvaluateValue(q, Rego.Json("""{"names": ["a", "b"]}""")));
    }

    [Fact]
    public void StringHashIsStableAndEqualForEqualStrings()
    {
        var a = new RegoString("ContentPolicy");
        var b = new RegoString(string.Concat("Content", "Policy"));
        Assert.Equal(a.GetHashCode(), a.GetHashCode());
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(a, b);
    }

    private static RegoValue? ToArray(RegoValue? v) => v is RegoSet s ? new RegoArray(s.Sorted) : v;
}
