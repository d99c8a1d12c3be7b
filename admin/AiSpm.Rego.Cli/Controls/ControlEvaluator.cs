using AiSpm.Rego.Values;

namespace AiSpm.Rego.Cli.Controls;

/// <summary>
/// Evaluates one control over one resource. Two decision forms: `risky` (Sysdig's: true means failing) and
/// `deny contains msg` (conftest's: each message is a failure reason). A control with both fails if either says so.
/// </summary>
internal static class ControlEvaluator
{
    public static ControlDecision Evaluate(string controlFile, string inputJson, string? dataJson)
    {
        // The control, plus the shared helpers in the `lib` folder beside it (config/controls/lib), if there is one.
        var sources = new List<RegoSource> { new(controlFile, File.ReadAllText(controlFile)) };
        var lib = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(controlFile))!, "lib");
        if (Directory.Exists(lib))
        {
            foreach (var f in Directory.EnumerateFiles(lib, "*.rego").Order(StringComparer.Ordinal))
            {
                if (!f.EndsWith("_test.rego", StringComparison.Ordinal) && Path.GetFullPath(f) != Path.GetFullPath(controlFile))
                {
                    sources.Add(new RegoSource(f, File.ReadAllText(f)));
                }
            }
        }

        var policy = RegoPolicy.Compile(sources);

        var package = policy.Packages[0];
        var input = RegoJson.Parse(inputJson);
        var data = dataJson is null ? null : RegoJson.Parse(dataJson);
        var results = policy.Evaluate("data." + package, input, data);
        var doc = results.Count == 0 ? null : results[0].Value as RegoObject;
        if (doc is null)
        {
            throw new RegoException($"{controlFile}: package {package} produced no document");
        }

        var reasons = new List<string>();
        var deny = doc.Get("deny");
        if (deny is RegoSet or RegoArray)
        {
            var items = deny is RegoSet s ? s.Sorted : ((RegoArray)deny).Items;
            foreach (var m in items)
            {
                reasons.Add(m is RegoString ms ? ms.Value : m.ToJson());
            }
        }

        var risky = doc.Get("risky");
        if (risky is null && deny is null)
        {
            throw new RegoException($"{controlFile}: the control defines neither `risky` nor `deny`");
        }

        if (risky is not null and not RegoBool)
        {
            throw new RegoException($"{controlFile}: `risky` must be a boolean, got {risky.ToJson()}");
        }

        var failing = risky is RegoBool { Value: true } || reasons.Count > 0;
        if (failing && reasons.Count == 0)
        {
            reasons.Add($"{package}: risky is true");
        }

        return new ControlDecision(package, failing, reasons);
    }
}
