using AiSpm.Rego.Cli;
using AiSpm.Rego.Cli.Controls;

namespace AiSpm.Rego.Tests.Controls;

public class ControlsEvalTests
{
    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AiSpm.sln")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        return dir!.FullName;
    }

    private static string Control => Path.Combine(RepoRoot(), "config", "controls", "bedrock_guardrail_prompt_attack.rego");

    private static string Guardrail(string name) => Path.Combine(RepoRoot(), "tests", "AiSpm.Rego.Tests", "Controls", "guardrails", name + ".json");

    [Fact]
    public void KintoControlIsCarriedVerbatim()
    {
        const string kinto = "default risky := true\nrisky := false if {\n\tsome filter in input.ContentPolicy.Filters\n    lower(filter.Type) == \"prompt_attack\"\n    lower(filter.InputStrength) == \"high\"\n}\n";
        Assert.EndsWith(kinto, File.ReadAllText(Control).ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("prompt_attack_high", false)]
    [InlineData("prompt_attack_low", true)]
    [InlineData("prompt_attack_missing", true)]
    [InlineData("no_content_policy", true)]
    public void KintoControlFailsUnlessPromptAttackIsHigh(string guardrail, bool risky)
    {
        var d = ControlEvaluator.Evaluate(Control, File.ReadAllText(Guardrail(guardrail)), null);
        Assert.Equal(risky, d.Failing);
        Assert.Equal("aispm.controls.bedrock_guardrail_prompt_attack", d.Package);
        Assert.Equal(risky ? 1 : 0, d.Reasons.Count);
    }

    [Fact]
    public void ControlsEvalCommandPrintsTheDecisionAndExitCode()
    {
        using var outHigh = new StringWriter();
        using var err = new StringWriter();
        Assert.Equal(0, Program.ControlsEval(["eval", "--control", Control, "--input", Guardrail("prompt_attack_high"), "--json"], outHigh, err));
        Assert.Contains("\"decision\":\"passing\"", outHigh.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"risky\":false", outHigh.ToString(), StringComparison.Ordinal);

        using var outLow = new StringWriter();
        Assert.Equal(1, Program.ControlsEval(["eval", "--control", Control, "--input", Guardrail("prompt_attack_low")], outLow, err));
        Assert.StartsWith("aispm.controls.bedrock_guardrail_prompt_attack: failing", outLow.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void DenyFormReportsEachMessageAsAReason()
    {
        var file = Path.Combine(Path.GetTempPath(), "aispm-deny-" + Guid.NewGuid().ToString("N") + ".rego");
        File.WriteAllText(file, "package aispm.controls.kms\nimport rego.v1\ndeny contains msg if {\n  not input.KmsKeyArn\n  msg := sprintf(\"guardrail %s has no customer-managed KMS key\", [input.Name])\n}\n");
        try
        {
            var failing = ControlEvaluator.Evaluate(file, File.ReadAllText(Guardrail("prompt_attack_high")), null);
            Assert.True(failing.Failing);
            Assert.Equal(["guardrail strong has no customer-managed KMS key"], failing.Reasons);
            var passing = ControlEvaluator.Evaluate(file, "{\"Name\":\"x\",\"KmsKeyArn\":\"arn:aws:kms:eu-west-1:111122223333:key/k\"}", null);
            Assert.False(passing.Failing);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void BrokenControlOrInputIsAnErrorExitCodeNotACrash()
    {
        using var o = new StringWriter();
        using var err = new StringWriter();
        Assert.Equal(2, Program.ControlsEval(["eval", "--control", Control, "--input", Path.Combine(Path.GetTempPath(), "does-not-exist.json")], o, err));
        Assert.Equal(2, Program.ControlsEval(["eval", "--control", Control], o, err));
    }
}
