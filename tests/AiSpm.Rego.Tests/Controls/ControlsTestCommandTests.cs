using AiSpm.Rego.Cli.Controls;

namespace AiSpm.Rego.Tests.Controls;

/// <summary>
/// Runs every built-in control's `_test.rego` in config/controls through `controls test` (so `./aispm test` runs them) and
/// holds each control to one passing and one failing resource: a `test_passing_*` and a `test_failing_*` rule that pass.
/// Output goes to a StringWriter, never the console (CI reads summary lines from the console).
/// </summary>
public class ControlsTestCommandTests
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

    private static string ControlsDir => Path.Combine(RepoRoot(), "config", "controls");

    [Fact]
    public void EveryBuiltInControlTestPasses()
    {
        var report = ControlTestRunner.Run(ControlsDir);
        var failures = report.Results.Where(r => !r.Passed).Select(r => $"{r.File}:{r.Line} {r.Rule}: {r.Reason}").ToList();
        Assert.Empty(failures);
        Assert.True(report.Passed >= 40, $"only {report.Passed} tests ran");
    }

    [Fact]
    public void EveryControlHasAPassingAndAFailingCase()
    {
        var report = ControlTestRunner.Run(ControlsDir);
        var controls = Directory.EnumerateFiles(ControlsDir, "*.rego")
            .Where(f => !f.EndsWith("_test.rego", StringComparison.Ordinal))
            .ToList();
        Assert.True(controls.Count >= 19, $"only {controls.Count} controls");
        foreach (var control in controls)
        {
            var name = Path.GetFileNameWithoutExtension(control);
            var text = File.ReadAllText(control);
            Assert.StartsWith("# METADATA", text, StringComparison.Ordinal);
            Assert.Contains($"package aispm.controls.{name}\n", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
            foreach (var field in new[] { "# title:", "# description:", "#   id:", "#   severity:", "#   resource_kind:", "#   frameworks:", "#   remediation:" })
            {
                Assert.True(text.Contains(field, StringComparison.Ordinal), $"{name}: no {field}");
            }

            var prefix = $"data.aispm.controls.{name}_test.";
            var tests = report.Results.Where(r => r.Passed && r.Rule is { } rule && rule.StartsWith(prefix, StringComparison.Ordinal)).Select(r => r.Rule![prefix.Length..]).ToList();
            Assert.True(tests.Any(t => t.StartsWith("test_passing", StringComparison.Ordinal)), $"{name}: no passing test_passing_* case");
            Assert.True(tests.Any(t => t.StartsWith("test_failing", StringComparison.Ordinal)), $"{name}: no passing test_failing_* case");
        }
    }

    [Fact]
    public void BrokenControlsAndFailingTestsAreReportedWithFileAndLine()
    {
        var dir = Path.Combine(Path.GetTempPath(), "aispm-controls-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(dir, "lib"));
        try
        {
            File.Copy(Path.Combine(ControlsDir, "lib", "aispm.rego"), Path.Combine(dir, "lib", "aispm.rego"));
            File.Copy(Path.Combine(ControlsDir, "bedrock_guardrail_kms.rego"), Path.Combine(dir, "bedrock_guardrail_kms.rego"));
            File.WriteAllText(Path.Combine(dir, "bedrock_guardrail_kms_test.rego"), "package aispm.controls.bedrock_guardrail_kms_test\nimport rego.v1\nimport data.aispm.controls.bedrock_guardrail_kms as control\n\ntest_passing_cmk if count(control.deny) == 0 with input as {\"Name\": \"g\", \"KmsKeyArn\": \"arn:aws:kms:eu-west-1:111122223333:key/k\"}\n\ntest_wrong if count(control.deny) == 0 with input as {\"Name\": \"g\"}\n");
            File.WriteAllText(Path.Combine(dir, "unknown_builtin.rego"), "package aispm.controls.unknown_builtin\nimport rego.v1\n\ndeny contains \"x\" if {\n\tcrypto.nope(input.A)\n}\n");
            File.WriteAllText(Path.Combine(dir, "no_parse.rego"), "package aispm.controls.no_parse\nimport rego.v1\n\ndeny contains \"x\" if {\n\tinput.A ==\n}\n");

            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            Assert.Equal(1, ControlTestRunner.Command(dir, stdout, stderr));
            var lines = stdout.ToString().ReplaceLineEndings("\n").Split('\n');
            Assert.Contains("PASS data.aispm.controls.bedrock_guardrail_kms_test.test_passing_cmk", lines);
            Assert.Contains("FAIL data.aispm.controls.bedrock_guardrail_kms_test.test_wrong (bedrock_guardrail_kms_test.rego:7): undefined", lines);
            Assert.Contains(lines, l => l.StartsWith("ERROR unknown_builtin.rego:5: ", StringComparison.Ordinal) && l.Contains("crypto.nope", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("ERROR no_parse.rego:6: ", StringComparison.Ordinal));
            Assert.Contains("1 passed, 3 failed", lines);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void ControlsTestOnAMissingDirectoryIsAnError()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Assert.Equal(2, ControlTestRunner.Command(Path.Combine(Path.GetTempPath(), "no-such-" + Guid.NewGuid().ToString("N")), stdout, stderr));
        Assert.Contains("no such directory", stderr.ToString(), StringComparison.Ordinal);
    }
}
