using AiSpm.Posture.Controls;
using AiSpm.Rego;

namespace AiSpm.Posture.Tests.Controls;

public sealed class ControlLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aispm-posture-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Control(string id, string body) =>
        TestControls.Metadata(id, "guardrail") + $"package aispm.controls.{id}\n\nimport rego.v1\n\n" + body;

    [Fact]
    public void LoadsEveryShippedControlWithItsMetadata()
    {
        var dir = Path.Combine(TestControls.RepoRoot(), "config", "controls");
        var catalog = ControlLoader.LoadDirectory(dir);
        Assert.Empty(catalog.Errors);
        var expected = Directory.EnumerateFiles(dir, "*.rego").Count(f => !f.EndsWith("_test.rego", StringComparison.Ordinal));
        Assert.Equal(expected, catalog.Controls.Count);
        var kinto = Assert.Single(catalog.Controls, c => c.Metadata.Id == "AISPM-BEDROCK-GUARDRAIL-001");
        Assert.Equal(Severity.High, kinto.Metadata.Severity);
        Assert.Equal("guardrail", kinto.Metadata.ResourceKind);
        Assert.Contains("owasp-llm:LLM01", kinto.Metadata.Frameworks);
        Assert.Equal("bedrock_guardrail_prompt_attack_filter_enabled", kinto.Metadata.Prowler);
        Assert.StartsWith("Console:", kinto.Metadata.Remediation, StringComparison.Ordinal);
        Assert.Equal("aispm.controls.bedrock_guardrail_prompt_attack", kinto.Package);
    }

    [Fact]
    public void RefusesAControlThatDoesNotParseWithFileAndLine()
    {
        var text = Control("broken", "deny contains msg if {\n\tmsg := \n}\n");
        var (control, error) = ControlLoader.Load(new RegoSource("broken.rego", text), null, []);
        Assert.Null(control);
        Assert.Equal("broken.rego", error!.File);

        // The parser stops at the closing brace where the right-hand side of `:=` should be.
        Assert.Equal(text.Split('\n').Length - 1, error.Line);
    }

    [Fact]
    public void RefusesAControlCallingAnUnknownBuiltinNamingIt()
    {
        var text = Control("unknown_fn", "deny contains msg if {\n\tmsg := frobnicate(input.Name)\n}\n");
        var (control, error) = ControlLoader.Load(new RegoSource("unknown_fn.rego", text), null, []);
        Assert.Null(control);
        Assert.Contains("frobnicate", error!.Reason, StringComparison.Ordinal);
        Assert.Equal(text.Split('\n').Length - 2, error.Line);
    }

    [Fact]
    public void RefusesAControlThatFailsItsOwnTestNamingTheTestAndItsLine()
    {
        var control = Control("strict", "deny contains \"no name\" if not input.Name\n");
        var test = "package aispm.controls.strict_test\n\nimport rego.v1\n\nimport data.aispm.controls.strict\n\n"
            + "test_passing if count(strict.deny) == 0 with input as {\"Name\": \"x\"}\n"
            + "test_wrong if count(strict.deny) == 0 with input as {}\n";
        var (loaded, error) = ControlLoader.Load(new RegoSource("strict.rego", control), new RegoSource("strict_test.rego", test), []);
        Assert.Null(loaded);
        Assert.Equal("strict_test.rego", error!.File);
        Assert.Equal(8, error.Line);
        Assert.Contains("test_wrong", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadsAControlWhoseTestsPass()
    {
        var control = Control("ok", "deny contains \"no name\" if not input.Name\n");
        var test = "package aispm.controls.ok_test\n\nimport rego.v1\n\nimport data.aispm.controls.ok\n\n"
            + "test_passing if count(ok.deny) == 0 with input as {\"Name\": \"x\"}\n"
            + "test_failing if ok.deny == {\"no name\"} with input as {}\n";
        var (loaded, error) = ControlLoader.Load(new RegoSource("ok.rego", control), new RegoSource("ok_test.rego", test), []);
        Assert.Null(error);
        Assert.Equal("ok", loaded!.Metadata.Id);
    }

    [Fact]
    public void RefusesIncompleteMetadataListingEveryProblem()
    {
        var text = "# METADATA\n# title: t\n# custom:\n#   severity: urgent\npackage p\n\ndeny contains 1 if true\n";
        var (control, error) = ControlLoader.Load(new RegoSource("m.rego", text), null, []);
        Assert.Null(control);
        Assert.Equal(2, error!.Line);
        Assert.Contains("custom.id is missing", error.Reason, StringComparison.Ordinal);
        Assert.Contains("custom.resource_kind is missing", error.Reason, StringComparison.Ordinal);
        Assert.Contains("`urgent`", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesAControlWithoutADecision()
    {
        var (control, error) = ControlLoader.Load(new RegoSource("nodecision.rego", Control("nodecision", "allow if true\n")), null, []);
        Assert.Null(control);
        Assert.Contains("neither `risky` nor `deny`", error!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectoryKeepsTheGoodControlsAndReportsTheRefusedOnes()
    {
        File.WriteAllText(Path.Combine(_dir, "good.rego"), Control("good", "deny contains \"x\" if input.Bad\n"));
        File.WriteAllText(Path.Combine(_dir, "bad.rego"), Control("bad", "deny contains x if {\n"));
        File.WriteAllText(Path.Combine(_dir, "zdup.rego"), Control("good", "deny contains \"y\" if input.Bad\n").Replace("package aispm.controls.good", "package aispm.controls.dup", StringComparison.Ordinal));
        var catalog = ControlLoader.LoadDirectory(_dir);
        Assert.Equal("good", Assert.Single(catalog.Controls).Metadata.Id);
        Assert.Equal(2, catalog.Errors.Count);
        Assert.Contains(catalog.Errors, e => e.File.EndsWith("bad.rego", StringComparison.Ordinal));
        Assert.Contains(catalog.Errors, e => e.File.EndsWith("zdup.rego", StringComparison.Ordinal) && e.Reason.Contains("already used", StringComparison.Ordinal));
    }
}
