namespace AiSpm.Rego.Tests.Syntax;

public class ParserTests
{
    [Fact]
    public void ParseErrorNamesFileLineAndColumn()
    {
        var e = Assert.Throws<RegoParseException>(() => RegoPolicy.Compile("controls/x.rego", "package p\n\nallow if {\n  input.a == \n}\n"));
        Assert.Equal("controls/x.rego", e.File);
        Assert.Equal(5, e.Line);
        Assert.Equal(1, e.Column);
        Assert.StartsWith("controls/x.rego:5:1:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnterminatedStringIsAParseErrorAtItsStart()
    {
        var e = Assert.Throws<RegoParseException>(() => Rego.Compile("package p\nx := \"abc\n"));
        Assert.Equal(2, e.Line);
        Assert.Equal(6, e.Column);
    }

    [Fact]
    public void UnknownBuiltinFailsAtLoadNamingIt()
    {
        var e = Assert.Throws<RegoParseException>(() => Rego.Compile("package p\nx if { strings.frobnicate(\"a\") }\n"));
        Assert.Contains("could not find function strings.frobnicate", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void WrongBuiltinArityFailsAtLoad()
    {
        var e = Assert.Throws<RegoParseException>(() => Rego.Compile("package p\nx := lower(\"a\", \"b\")\n"));
        Assert.Contains("`lower` expects 1 argument", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RegoV1RequiresIfBeforeABody()
    {
        var e = Assert.Throws<RegoParseException>(() => Rego.Compile("package p\nimport rego.v1\nallow { true }\n"));
        Assert.Contains("`if` keyword is required before rule body", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void V0AndV1SyntaxGiveTheSameDocument()
    {
        var v0 = Rego.Eval("package p\nimport future.keywords.in\nallow = true { \"a\" in input.xs }\nnames[n] { n := input.xs[_] }\n", "data.p", "{\"xs\":[\"a\",\"b\"]}");
        var v1 = Rego.Eval("package p\nimport rego.v1\nallow := true if { \"a\" in input.xs }\nnames contains n if { some n in input.xs }\n", "data.p", "{\"xs\":[\"a\",\"b\"]}");
        Assert.Equal(Rego.Json("{\"allow\":true,\"names\":[\"a\",\"b\"]}").ToJson(), v0!.ToJson());
        Assert.Equal(v0, v1);
    }

    [Fact]
    public void ShadowingAnImportIsRefused()
    {
        var e = Assert.Throws<RegoParseException>(() => Rego.Compile("package p\nimport rego.v1\nimport future.keywords.in\n"));
        Assert.Contains("this import shadows previous import", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithModifiersOnContinuationLinesApplyToTheLiteral()
    {
        const string module = "package p\n\nimport rego.v1\n\nallow if input.a == data.b\n\n"
            + "t if {\n\tallow\n\t\twith input as {\"a\": 1}\n\n\t\twith data.b as 1\n}\n"
            + "f if {\n\tallow\n\t\twith input as {\"a\": 1}\n\t\twith data.b as 2\n}\n";
        Assert.Equal(Rego.Json("true"), Rego.Eval(module, "data.p.t"));
        Assert.Null(Rego.Eval(module, "data.p.f"));
    }

    [Fact]
    public void ALiteralAfterANewlineIsStillItsOwnLiteral()
    {
        // Only `with` continues a literal across a newline; `x` on the next line is a second expression of the body.
        const string module = "package p\n\nimport rego.v1\n\nt if {\n\tinput.a == 1\n\tinput.b == 2\n}\n";
        Assert.Equal(Rego.Json("true"), Rego.Eval(module, "data.p.t", "{\"a\": 1, \"b\": 2}"));
        Assert.Null(Rego.Eval(module, "data.p.t", "{\"a\": 1, \"b\": 3}"));
    }
}
