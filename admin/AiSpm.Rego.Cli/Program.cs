using System.Text;
using AiSpm.Rego.Cli.Conformance;
using AiSpm.Rego.Values;

namespace AiSpm.Rego.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length >= 2 && args[0] == "conformance")
        {
            return Conformance(args[1], Array.IndexOf(args, "--json") >= 0);
        }

        if (args.Length >= 2 && args[0] == "controls" && args[1] == "eval")
        {
            return ControlsEval(args, Console.Out, Console.Error);
        }

        if (args.Length >= 2 && args[0] == "controls" && args[1] == "test")
        {
            return Controls.ControlTestRunner.Command(args.Length >= 3 ? args[2] : Path.Combine("config", "controls"), Console.Out, Console.Error);
        }

        if (args.Length >= 1 && args[0] == "posture")
        {
            return Posture.PostureCommand.Run(args[1..], Console.Out, Console.Error, Console.OpenStandardOutput());
        }

        Console.Error.WriteLine("usage: aispm rego conformance DIR [--json] | aispm posture --offline DIR [--json] | aispm controls eval --control FILE --input FILE [--data FILE] [--json] | aispm controls test [DIR]");
        return 2;
    }

    /// <summary>`controls eval --control FILE --input FILE [--data FILE] [--json]`: prints the decision and the reasons; exit 0 passing, 1 failing, 2 error.</summary>
    internal static int ControlsEval(string[] args, TextWriter stdout, TextWriter stderr)
    {
        string? Opt(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        var control = Opt("--control");
        var input = Opt("--input");
        var data = Opt("--data");
        if (control is null || input is null)
        {
            stderr.WriteLine("usage: aispm controls eval --control FILE --input FILE [--data FILE] [--json]");
            return 2;
        }

        try
        {
            var d = Controls.ControlEvaluator.Evaluate(control, File.ReadAllText(input), data is null ? null : File.ReadAllText(data));
            if (Array.IndexOf(args, "--json") >= 0)
            {
                var reasons = new RegoValue[d.Reasons.Count];
                for (var i = 0; i < reasons.Length; i++)
                {
                    reasons[i] = new RegoString(d.Reasons[i]);
                }

                var o = new Dictionary<RegoValue, RegoValue>
                {
                    [new RegoString("control")] = new RegoString(d.Package),
                    [new RegoString("decision")] = new RegoString(d.Failing ? "failing" : "passing"),
                    [new RegoString("risky")] = RegoBool.Of(d.Failing),
                    [new RegoString("reasons")] = new RegoArray(reasons),
                };
                stdout.WriteLine(new RegoObject(o).ToJson());
            }
            else
            {
                stdout.WriteLine($"{d.Package}: {(d.Failing ? "failing" : "passing")}");
                foreach (var r in d.Reasons)
                {
                    stdout.WriteLine("  reason: " + r);
                }
            }

            return d.Failing ? 1 : 0;
        }
        catch (Exception e) when (e is RegoException or IOException or System.Text.Json.JsonException or UnauthorizedAccessException)
        {
            stderr.WriteLine("controls eval: " + e.Message);
            return 2;
        }
    }

    private static int Conformance(string dir, bool json)
    {
        if (!Directory.Exists(dir))
        {
            Console.Error.WriteLine($"rego conformance: no such directory: {dir}");
            return 2;
        }

        var report = ConformanceRunner.RunDirectory(dir);
        var skippedBuiltins = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var c in report.Cases)
        {
            if (c.Outcome == CaseOutcome.Skipped && c.Reason is { } r && r.StartsWith("built-in not implemented: ", StringComparison.Ordinal))
            {
                skippedBuiltins.Add(r["built-in not implemented: ".Length..]);
            }
        }

        if (json)
        {
            var sb = new StringBuilder();
            sb.Append("{\"passed\":").Append(report.Passed).Append(",\"failed\":").Append(report.Failed).Append(",\"skipped\":").Append(report.Skipped);
            sb.Append(",\"skippedBuiltins\":").Append(RegoSet.From(skippedBuiltins.Select(s => (RegoValue)new RegoString(s))).ToJson());
            sb.Append(",\"failures\":[");
            var first = true;
            foreach (var c in report.Cases)
            {
                if (c.Outcome != CaseOutcome.Failed)
                {
                    continue;
                }

                if (!first)
                {
                    sb.Append(',');
                }

                first = false;
                var d = new Dictionary<RegoValue, RegoValue>
                {
                    [new RegoString("file")] = new RegoString(c.File),
                    [new RegoString("note")] = new RegoString(c.Note),
                    [new RegoString("reason")] = new RegoString(c.Reason ?? string.Empty),
                };
                sb.Append(new RegoObject(d).ToJson());
            }

            sb.Append("]}");
            Console.WriteLine(sb.ToString());
        }
        else
        {
            foreach (var c in report.Cases)
            {
                if (c.Outcome == CaseOutcome.Failed)
                {
                    Console.WriteLine($"FAIL {c.File}: {c.Note}: {c.Reason}");
                }
            }

            if (skippedBuiltins.Count > 0)
            {
                Console.WriteLine("skipped (built-ins not implemented): " + string.Join(", ", skippedBuiltins));
            }

            Console.WriteLine(report.Summary);
        }

        return report.Failed == 0 ? 0 : 1;
    }
}
