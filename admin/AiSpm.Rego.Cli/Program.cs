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

        Console.Error.WriteLine("usage: aispm rego conformance DIR [--json]");
        return 2;
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
