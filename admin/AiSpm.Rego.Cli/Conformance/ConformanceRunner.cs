using System.Text.RegularExpressions;
using AiSpm.Rego.Evaluation;
using AiSpm.Rego.Values;
using YamlDotNet.RepresentationModel;

namespace AiSpm.Rego.Cli.Conformance;

/// <summary>
/// Runs YAML conformance cases in Regorus' form (want_result is the query's value) and OPA's form (want_result is a list of
/// variable bindings). A case with `error:` passes when evaluation fails with a message containing the text.
/// </summary>
internal static partial class ConformanceRunner
{
    private static readonly RegoBudget CaseBudget = new() { MaxTime = TimeSpan.FromSeconds(10), MaxSteps = 50_000_000 };

    public static ConformanceReport RunDirectory(string dir)
    {
        var report = new ConformanceReport();
        var files = Directory.GetFiles(dir, "*.yaml", SearchOption.AllDirectories);
        Array.Sort(files, StringComparer.Ordinal);
        foreach (var file in files)
        {
            RunFile(file, Path.GetRelativePath(dir, file), report);
        }

        return report;
    }

    public static void RunFile(string path, string name, ConformanceReport report)
    {
        var yaml = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            yaml.Load(reader);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            report.Cases.Add(new CaseResult(name, "(file)", CaseOutcome.Failed, "invalid YAML: " + e.Message));
            return;
        }

        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root || !root.Children.TryGetValue(new YamlScalarNode("cases"), out var casesNode) || casesNode is not YamlSequenceNode cases)
        {
            return;
        }

        foreach (var c in cases.Children)
        {
            if (c is YamlMappingNode m)
            {
                report.Cases.Add(RunCase(name, m));
            }
        }
    }

    private static YamlNode? Field(YamlMappingNode m, string key) => m.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

    private static string? Text(YamlMappingNode m, string key) => Field(m, key) is YamlScalarNode s ? s.Value : null;

    internal static CaseResult RunCase(string file, YamlMappingNode m)
    {
        var note = Text(m, "note") ?? "(no note)";
        if (Text(m, "skip") == "true")
        {
            return new CaseResult(file, note, CaseOutcome.Skipped, "skip: true");
        }

        var expectedError = Text(m, "error") ?? Text(m, "want_error");
        var query = Text(m, "query") ?? string.Empty;
        var sources = new List<RegoSource>();
        if (Field(m, "modules") is YamlSequenceNode mods)
        {
            var i = 0;
            foreach (var mod in mods.Children)
            {
                sources.Add(new RegoSource($"rego_{i++}", ((YamlScalarNode)mod).Value ?? string.Empty));
            }
        }

        var data = Field(m, "data") is { } dn ? YamlValues.Convert(dn) : null;
        var inputs = new List<RegoValue?>();
        var inputNode = Field(m, "input") ?? Field(m, "input_term");
        if (inputNode is YamlMappingNode im && im.Children.Count == 1 && Field(im, "many!") is YamlSequenceNode many)
        {
            foreach (var x in many.Children)
            {
                inputs.Add(YamlValues.Convert(x));
            }
        }
        else
        {
            inputs.Add(inputNode is null ? null : YamlValues.Convert(inputNode));
        }

        var budget = Text(m, "strict") == "false" ? CaseBudget with { StrictBuiltinErrors = false } : CaseBudget;
        var manyInputs = inputs.Count > 1 || (inputNode is YamlMappingNode im2 && Field(im2, "many!") is not null);
        List<RegoValue?> computed;
        List<List<QueryResult>> allResults = [];
        try
        {
            var policy = RegoPolicy.Compile(sources);
            var prepared = policy.PrepareQuery(query);
            computed = [];
            foreach (var input in inputs)
            {
                policy.EvaluateAll(input, data, budget, TextWriter.Null);
                var results = policy.Evaluate(prepared, input, data, budget, TextWriter.Null);
                allResults.Add([.. results]);
                if (results.Count > 0)
                {
                    var last = results[^1];
                    computed.Add(last.Bindings.Count > 0 ? last.Bindings : last.Value);
                }
            }
        }
        catch (RegoException e)
        {
            if (expectedError is not null)
            {
                return e.Message.Contains(expectedError, StringComparison.Ordinal)
                    ? new CaseResult(file, note, CaseOutcome.Passed, null)
                    : new CaseResult(file, note, CaseOutcome.Failed, $"error `{e.Message}` does not contain `{expectedError}`");
            }

            if (MissingBuiltin().Match(e.Message) is { Success: true } mb && NotImplemented.Contains(mb.Groups[1].Value))
            {
                return new CaseResult(file, note, CaseOutcome.Skipped, "built-in not implemented: " + mb.Groups[1].Value);
            }

            return new CaseResult(file, note, CaseOutcome.Failed, "unexpected error: " + e.Message);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new CaseResult(file, note, CaseOutcome.Failed, "engine crashed: " + e.GetType().Name + ": " + e.Message);
        }

        if (expectedError is not null)
        {
            return new CaseResult(file, note, CaseOutcome.Failed, $"expected error `{expectedError}` but evaluation succeeded");
        }

        if (Text(m, "no_result") == "true" || Text(m, "want_defined") == "false")
        {
            return computed.Count == 0 ? new CaseResult(file, note, CaseOutcome.Passed, null) : new CaseResult(file, note, CaseOutcome.Failed, "expected no result, got " + Show(computed));
        }

        var wantNode = Field(m, "want_result");
        if (wantNode is null)
        {
            return new CaseResult(file, note, CaseOutcome.Failed, "case has neither want_result nor error");
        }

        // OPA's form: a list of binding objects, one per solution.
        if (!manyInputs && IsBindingsList(wantNode, allResults))
        {
            var want = new List<RegoValue>();
            foreach (var w in ((YamlSequenceNode)wantNode).Children)
            {
                want.Add(YamlValues.Convert(w)!);
            }

            var got = new List<RegoValue>();
            foreach (var r in allResults[0])
            {
                got.Add(r.Bindings);
            }

            var sortedWant = new List<RegoValue>(want);
            var sortedGot = new List<RegoValue>(got);
            sortedWant.Sort();
            sortedGot.Sort();
            return Same(sortedWant, sortedGot)
                ? new CaseResult(file, note, CaseOutcome.Passed, null)
                : new CaseResult(file, note, CaseOutcome.Failed, $"want {Show(want)}, got {Show(got)}");
        }

        var expected = new List<RegoValue?>();
        if (wantNode is YamlMappingNode wm && wm.Children.Count == 1 && Field(wm, "many!") is YamlSequenceNode wantMany)
        {
            foreach (var w in wantMany.Children)
            {
                expected.Add(YamlValues.Convert(w));
            }
        }
        else
        {
            expected.Add(YamlValues.Convert(wantNode));
        }

        // "#undefined" (null here) matches a query without a result.
        if (expected.Count == 1 && expected[0] is null && computed.Count == 0)
        {
            return new CaseResult(file, note, CaseOutcome.Passed, null);
        }

        return Same(expected, computed)
            ? new CaseResult(file, note, CaseOutcome.Passed, null)
            : new CaseResult(file, note, CaseOutcome.Failed, $"want {Show(expected)}, got {Show(computed)}");
    }

    private static bool IsBindingsList(YamlNode want, List<List<QueryResult>> results)
    {
        if (want is not YamlSequenceNode seq || results.Count != 1 || results[0].Count == 0 || results[0][0].Bindings.Count == 0)
        {
            return false;
        }

        foreach (var item in seq.Children)
        {
            if (item is not YamlMappingNode im)
            {
                return false;
            }

            foreach (var kv in im.Children)
            {
                if (kv.Key is not YamlScalarNode k || results[0][0].Bindings.Get(k.Value ?? string.Empty) is null)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool Same<T>(List<T> a, List<T> b)
        where T : RegoValue?
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (!Equals(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static string Show<T>(List<T> values)
        where T : RegoValue?
    {
        var parts = new List<string>();
        foreach (var v in values)
        {
            parts.Add(v?.ToJson() ?? "#undefined");
        }

        var s = "[" + string.Join(", ", parts) + "]";
        return s.Length > 400 ? s[..400] + "..." : s;
    }

    [GeneratedRegex("could not find function ([A-Za-z0-9_.]+)")]
    private static partial Regex MissingBuiltin();

    /// <summary>OPA built-ins this engine does not implement; a case that calls one is skipped and the name is listed.</summary>
    internal static readonly HashSet<string> NotImplemented = new(StringComparer.Ordinal)
    {
        "uuid.parse", "json.patch", "json.filter", "json.remove", "strings.render_template", "crypto.sha256", "crypto.md5", "crypto.sha1",
        "io.jwt.decode", "http.send", "graph.reachable", "walk", "opa.runtime", "net.cidr_merge", "net.cidr_expand", "yaml.marshal", "yaml.unmarshal",
    };
}
