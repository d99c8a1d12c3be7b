using AiSpm.Rego.Values;

namespace AiSpm.Rego.Tests.Evaluation;

public class SemanticsTests
{
    private const string Kinto = """
        package kinto
        import future.keywords

        default risky := true
        risky := false if {
            some filter in input.ContentPolicy.Filters
            lower(filter.Type) == "prompt_attack"
            lower(filter.InputStrength) == "high"
        }
        """;

    [Fact]
    public void UndefinedIsNotFalse()
    {
        const string module = "package p\nimport rego.v1\nx := input.missing\nf := false\nnot_x if not x\nnot_f if not f\n";
        Assert.Null(Rego.Eval(module, "data.p.x", "{}"));
        Assert.Equal(RegoBool.False, Rego.Eval(module, "data.p.f", "{}"));
        Assert.Equal(RegoBool.True, Rego.Eval(module, "data.p.not_x", "{}"));
        Assert.Equal(RegoBool.True, Rego.Eval(module, "data.p.not_f", "{}"));
        Assert.Equal(Rego.Json("{\"f\":false,\"not_f\":true,\"not_x\":true}"), Rego.Eval(module, "data.p", "{}"));
    }

    [Fact]
    public void DefaultAppliesOnlyWhenNoBodySucceeds()
    {
        Assert.Equal(RegoBool.False, Rego.Eval(Kinto, "data.kinto.risky", "{\"ContentPolicy\":{\"Filters\":[{\"Type\":\"PROMPT_ATTACK\",\"InputStrength\":\"HIGH\"}]}}"));
        Assert.Equal(RegoBool.True, Rego.Eval(Kinto, "data.kinto.risky", "{\"ContentPolicy\":{\"Filters\":[{\"Type\":\"PROMPT_ATTACK\",\"InputStrength\":\"LOW\"}]}}"));
        Assert.Equal(RegoBool.True, Rego.Eval(Kinto, "data.kinto.risky", "{}"));
    }

    [Fact]
    public void CompleteRuleWithTwoValuesIsAConflict()
    {
        var p = Rego.Compile("package p\nx = 1 { input.a }\nx = 2 { input.b }\n");
        var e = Assert.Throws<RegoException>(() => p.Evaluate("data.p.x", Rego.Json("{\"a\":true,\"b\":true}")));
        Assert.Contains("complete rules must not produce multiple outputs", e.Message, StringComparison.Ordinal);
        Assert.Equal(RegoNumber.Of(1), p.Evaluate("data.p.x", Rego.Json("{\"a\":true}"))[0].Value);
    }

    [Fact]
    public void FunctionWithTwoOutputsForOneInputIsAConflict()
    {
        var p = Rego.Compile("package p\nf(x) = 1 { x > 0 }\nf(x) = 2 { x > 1 }\ny := f(input.n)\n");
        Assert.Equal(RegoNumber.Of(1), p.Evaluate("data.p.y", Rego.Json("{\"n\":1}"))[0].Value);
        var e = Assert.Throws<RegoException>(() => p.Evaluate("data.p.y", Rego.Json("{\"n\":5}")));
        Assert.Contains("functions must not produce multiple outputs", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PartialSetsObjectsElseAndEvery()
    {
        const string module = """
            package p
            import rego.v1
            deny contains msg if {
                some b in input.buckets
                not b.encrypted
                msg := sprintf("bucket %s is not encrypted", [b.name])
            }
            by_name[b.name] := b.size if some b in input.buckets
            grade := "big" if { input.total > 100 } else := "small"
            all_named if every b in input.buckets { b.name != "" }
            """;
        const string input = "{\"total\":5,\"buckets\":[{\"name\":\"a\",\"size\":1,\"encrypted\":true},{\"name\":\"b\",\"size\":2}]}";
        Assert.Equal(Rego.Json("[\"bucket b is not encrypted\"]").ToJson(), Rego.Eval(module, "data.p.deny", input)!.ToJson());
        Assert.Equal(Rego.Json("{\"a\":1,\"b\":2}"), Rego.Eval(module, "data.p.by_name", input));
        Assert.Equal(new RegoString("small"), Rego.Eval(module, "data.p.grade", input));
        Assert.Equal(RegoBool.True, Rego.Eval(module, "data.p.all_named", input));
    }

    [Fact]
    public void WithReplacesInputDataAndFunctions()
    {
        const string module = """
            package p
            import rego.v1
            allow if input.user == data.admins[_]
            n := count(input.xs)
            t1 if allow with input as {"user": "ann"} with data.admins as ["ann"]
            t2 if not allow with input as {"user": "bob"} with data.admins as ["ann"]
            t3 if n == 42 with count as 42 with input.xs as []
            """;
        var v = Rego.Eval(module, "[data.p.t1, data.p.t2, data.p.t3]", "{}");
        Assert.Equal(Rego.Json("[true,true,true]"), v);
    }

    [Fact]
    public void UnificationComprehensionsAndNumbers()
    {
        Assert.Equal(RegoBool.True, Rego.Eval("package p\nx { [a, b] = [1, 2]; a + b == 3; 1 == 1.0 }", "data.p.x"));
        Assert.Equal(Rego.Json("{\"a\":[2,4],\"s\":[1],\"o\":{\"k\":1}}").ToJson(), Rego.Eval("package p\na := [x * 2 | some x in [1, 2]]\ns := {x | some x in [1, 1]}\no := {k: v | some k, v in {\"k\": 1}}\n", "data.p")!.ToJson());
        Assert.Equal(RegoNumber.Parse("123456789012345678901234567890"), Rego.Eval("package p\nx := 123456789012345678901234567889 + 1", "data.p.x"));
    }

    [Fact]
    public void ValuesFollowOpaTotalOrder()
    {
        var sorted = Rego.Eval("package p\nx := sort([{1}, {\"a\": 1}, [1], \"s\", 1, true, null])", "data.p.x");
        Assert.Equal("[null,true,1,\"s\",[1],{\"a\":1},[1]]", sorted!.ToJson());
        Assert.True(RegoNumber.Of(1).Equals(RegoNumber.Parse("1.0")));
        Assert.Equal(RegoNumber.Of(1).GetHashCode(), RegoNumber.Parse("1.0")!.GetHashCode());
    }
}
