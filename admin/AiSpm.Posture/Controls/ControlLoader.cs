using System.Text.RegularExpressions;
using AiSpm.Rego;

namespace AiSpm.Posture.Controls;

/// <summary>
/// Loads controls: one `.rego` per control with its `# METADATA`, the shared helpers of the `lib` folder, and the
/// `NAME_test.rego` beside it. A control is refused, with file, line and reason, when its metadata is incomplete, its Rego
/// does not parse or calls an unknown built-in or function, it defines no decision (`risky` or `deny`), or one of its
/// own tests fails; the other controls still load.
/// </summary>
public static partial class ControlLoader
{
    [GeneratedRegex(@"^package\s+([A-Za-z_][\w.]*)", RegexOptions.Multiline)]
    private static partial Regex PackageLine();

    [GeneratedRegex(@"^(test_\w+)\b(?!\s*\()", RegexOptions.Multiline)]
    private static partial Regex TestRuleLine();

    [GeneratedRegex(@"^(?:default\s+)?risky\b", RegexOptions.Multiline)]
    private static partial Regex RiskyRule();

    [GeneratedRegex(@"^deny\b", RegexOptions.Multiline)]
    private static partial Regex DenyRule();

    [GeneratedRegex(@"\binput((?:\.[A-Za-z_][A-Za-z0-9_]*)+)")]
    private static partial Regex InputRef();

    /// <summary>Every control of <paramref name="dir"/> (not its subfolders), with the helpers of <c>dir/lib</c>.</summary>
    public static ControlCatalog LoadDirectory(string dir)
    {
        var lib = new List<RegoSource>();
        var libDir = Path.Combine(dir, "lib");
        if (Directory.Exists(libDir))
        {
            foreach (var f in Directory.EnumerateFiles(libDir, "*.rego").Order(StringComparer.Ordinal))
            {
                if (!f.EndsWith("_test.rego", StringComparison.Ordinal))
                {
                    lib.Add(new RegoSource(f, File.ReadAllText(f)));
                }
            }
        }

        var controls = new List<Control>();
        var errors = new List<ControlLoadError>();
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(dir, "*.rego").Order(StringComparer.Ordinal))
        {
            if (file.EndsWith("_test.rego", StringComparison.Ordinal))
            {
                continue;
            }

            var testFile = file[..^".rego".Length] + "_test.rego";
            var test = File.Exists(testFile) ? new RegoSource(testFile, File.ReadAllText(testFile)) : null;
            var (control, error) = Load(new RegoSource(file, File.ReadAllText(file)), test, lib);
            if (control is not null && ids.TryGetValue(control.Metadata.Id, out var other))
            {
                errors.Add(new ControlLoadError(file, 1, $"control id {control.Metadata.Id} is already used by {other}"));
            }
            else if (control is not null)
            {
                ids[control.Metadata.Id] = file;
                controls.Add(control);
            }
            else
            {
                errors.Add(error!);
            }
        }

        return new ControlCatalog(controls, errors);
    }

    /// <summary>Loads one control, its optional test module and the shared helper modules; exactly one of the two results is set.</summary>
    public static (Control? Control, ControlLoadError? Error) Load(RegoSource control, RegoSource? test, IReadOnlyList<RegoSource> lib)
    {
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(lib);
        var (metadata, metaError) = ReadMetadata(control);
        if (metadata is null)
        {
            return (null, metaError);
        }

        var package = PackageLine().Match(control.Text);
        if (!package.Success)
        {
            return (null, new ControlLoadError(control.File, 1, "no package line"));
        }

        var sources = new List<RegoSource>(lib.Count + 1) { control };
        sources.AddRange(lib);
        RegoPolicy policy;
        try
        {
            policy = RegoPolicy.Compile(sources);
        }
        catch (RegoParseException e)
        {
            return (null, new ControlLoadError(e.File, e.Line, e.Reason));
        }
        catch (RegoException e)
        {
            return (null, new ControlLoadError(control.File, 1, e.Message));
        }

        var hasRisky = RiskyRule().IsMatch(control.Text);
        var hasDeny = DenyRule().IsMatch(control.Text);
        if (!hasRisky && !hasDeny)
        {
            return (null, new ControlLoadError(control.File, LineOf(control.Text, package.Index), "the control defines neither `risky` nor `deny`"));
        }

        if (test is not null && RunTests(control, test, lib) is { } testError)
        {
            return (null, testError);
        }

        var paths = new List<string>();
        foreach (Match m in InputRef().Matches(control.Text))
        {
            var p = m.Groups[1].Value[1..];
            if (!paths.Contains(p))
            {
                paths.Add(p);
            }
        }

        return (new Control(control.File, control.Text, package.Groups[1].Value, metadata, policy, hasRisky, hasDeny, paths), null);
    }

    private static ControlLoadError? RunTests(RegoSource control, RegoSource test, IReadOnlyList<RegoSource> lib)
    {
        var sources = new List<RegoSource>(lib.Count + 2) { control, test };
        sources.AddRange(lib);
        RegoPolicy policy;
        try
        {
            policy = RegoPolicy.Compile(sources);
        }
        catch (RegoParseException e)
        {
            return new ControlLoadError(e.File, e.Line, e.Reason);
        }
        catch (RegoException e)
        {
            return new ControlLoadError(test.File, 1, e.Message);
        }

        var package = PackageLine().Match(test.Text);
        if (!package.Success)
        {
            return new ControlLoadError(test.File, 1, "no package line");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in TestRuleLine().Matches(test.Text))
        {
            var name = m.Groups[1].Value;
            if (!seen.Add(name))
            {
                continue;
            }

            var path = "data." + package.Groups[1].Value + "." + name;
            string? failure;
            try
            {
                var r = policy.Evaluate(path);
                var value = r.Count == 0 ? null : r[0].Value;
                failure = value is Rego.Values.RegoBool { Value: true } ? null : value is null ? "undefined" : "value " + value.ToJson();
            }
            catch (RegoException e)
            {
                failure = "error: " + e.Message;
            }

            if (failure is not null)
            {
                return new ControlLoadError(test.File, LineOf(test.Text, m.Index), $"test {name} fails: {failure}");
            }
        }

        return null;
    }

    private static (ControlMetadata? Metadata, ControlLoadError? Error) ReadMetadata(RegoSource control)
    {
        var block = MetadataBlock.Extract(control.Text);
        if (block is null)
        {
            return (null, new ControlLoadError(control.File, 1, "no `# METADATA` block"));
        }

        Dictionary<string, object> meta;
        try
        {
            meta = MetadataBlock.Parse(block.Value.Lines);
        }
        catch (FormatException e)
        {
            return (null, new ControlLoadError(control.File, block.Value.StartLine, e.Message));
        }

        var custom = meta.GetValueOrDefault("custom") as Dictionary<string, object> ?? new Dictionary<string, object>(StringComparer.Ordinal);
        string? Str(Dictionary<string, object> d, string key) => d.GetValueOrDefault(key) is string s && s.Length > 0 ? s : null;

        var problems = new List<string>();
        var id = Str(custom, "id");
        var title = Str(meta, "title");
        var kind = Str(custom, "resource_kind");
        var severityText = Str(custom, "severity");
        if (id is null)
        {
            problems.Add("custom.id is missing");
        }

        if (title is null)
        {
            problems.Add("title is missing");
        }

        if (kind is null)
        {
            problems.Add("custom.resource_kind is missing");
        }

        if (!SeverityWeights.TryParse(severityText, out var severity))
        {
            problems.Add(severityText is null ? "custom.severity is missing" : $"custom.severity `{severityText}` is not one of critical, high, medium, low, info");
        }

        if (problems.Count > 0)
        {
            return (null, new ControlLoadError(control.File, block.Value.StartLine, string.Join("; ", problems)));
        }

        return (new ControlMetadata
        {
            Id = id!,
            Title = title!,
            Description = Str(meta, "description") ?? string.Empty,
            Severity = severity,
            ResourceKind = kind!,
            ResourceId = Str(custom, "resource_id"),
            Frameworks = custom.GetValueOrDefault("frameworks") as List<string> ?? [],
            Remediation = Str(custom, "remediation") ?? string.Empty,
            Prowler = Str(custom, "prowler"),
        }, null);
    }

    private static int LineOf(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;
}
