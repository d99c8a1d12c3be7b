using System.Text.RegularExpressions;
using AiSpm.Rego.Values;

namespace AiSpm.Rego.Cli.Controls;

/// <summary>One `test_*` rule's outcome, or a file that could not be loaded (Rule is then null).</summary>
internal sealed record ControlTestResult(string File, int Line, string? Rule, bool Passed, string? Reason);

/// <summary>The outcome of `controls test DIR`: every test rule and every file refused at load.</summary>
internal sealed record ControlTestReport(IReadOnlyList<ControlTestResult> Results)
{
    public int Passed => Results.Count(r => r.Passed);

    public int Failed => Results.Count(r => !r.Passed);
}

/// <summary>
/// Like `opa test`: loads every `.rego` under a directory (controls, their `*_test.rego`, the shared `lib` package) into one
/// policy and evaluates every `test_*` rule; a test passes when its value is `true`. A file that does not parse, or calls an
/// unknown built-in or function, is reported with its file, line and reason and left out; the rest still run.
/// </summary>
internal static partial class ControlTestRunner
{
    [GeneratedRegex(@"^package\s+([A-Za-z_][\w.]*)", RegexOptions.Multiline)]
    private static partial Regex PackageLine();

    [GeneratedRegex(@"^(test_\w+)\b(?!\s*\()", RegexOptions.Multiline)]
    private static partial Regex TestRuleLine();

    public static ControlTestReport Run(string dir)
    {
        var results = new List<ControlTestResult>();
        var sources = new List<RegoSource>();
        foreach (var file in Directory.EnumerateFiles(dir, "*.rego", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            sources.Add(new RegoSource(file, File.ReadAllText(file)));
        }

        RegoPolicy? policy = null;
        while (sources.Count > 0)
        {
            try
            {
                policy = RegoPolicy.Compile(sources);
                break;
            }
            catch (RegoParseException e)
            {
                // Leave the offending file out and compile the rest again (a file that only its own tests use then fails them).
                results.Add(new ControlTestResult(e.File, e.Line, null, false, e.Reason));
                var before = sources.Count;
                sources.RemoveAll(s => s.File == e.File);
                if (sources.Count == before)
                {
                    sources.Clear();
                }
            }
        }

        if (policy is null)
        {
            return new ControlTestReport(results);
        }

        foreach (var s in sources)
        {
            // The module compiled, so its package line and its test rules (`test_x if`, `test_x {`, not functions) are where
            // these patterns find them; a test defined twice runs once, as its rule does.
            var package = PackageLine().Match(s.Text);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (Match m in TestRuleLine().Matches(s.Text))
            {
                var name = m.Groups[1].Value;
                if (!package.Success || !seen.Add(name))
                {
                    continue;
                }

                var line = s.Text.AsSpan(0, m.Index).Count('\n') + 1;
                var path = "data." + package.Groups[1].Value + "." + name;
                try
                {
                    var r = policy.Evaluate(path);
                    var value = r.Count == 0 ? null : r[0].Value;
                    var passed = value is RegoBool { Value: true };
                    results.Add(new ControlTestResult(s.File, line, path, passed, passed ? null : value is null ? "undefined" : "value " + value.ToJson()));
                }
                catch (RegoException e)
                {
                    results.Add(new ControlTestResult(s.File, line, path, false, "error: " + e.Message));
                }
            }
        }

        return new ControlTestReport(results);
    }

    /// <summary>`controls test [DIR]`: prints PASS/FAIL per test, load errors with file and line, and a summary; exit 0 all pass, 1 any failure, 2 no such directory.</summary>
    public static int Command(string dir, TextWriter stdout, TextWriter stderr)
    {
        if (!Directory.Exists(dir))
        {
            stderr.WriteLine($"controls test: no such directory: {dir}");
            return 2;
        }

        var report = Run(dir);
        foreach (var r in report.Results)
        {
            var where = $"{Path.GetRelativePath(dir, r.File)}:{r.Line}";
            if (r.Rule is null)
            {
                stdout.WriteLine($"ERROR {where}: {r.Reason}");
            }
            else if (r.Passed)
            {
                stdout.WriteLine($"PASS {r.Rule}");
            }
            else
            {
                stdout.WriteLine($"FAIL {r.Rule} ({where}): {r.Reason}");
            }
        }

        stdout.WriteLine($"{report.Passed} passed, {report.Failed} failed");
        return report.Failed == 0 && report.Results.Count > 0 ? 0 : 1;
    }
}
