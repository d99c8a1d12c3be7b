using System.Globalization;
using System.Text.Json;

namespace AiSpm.Detection.Rules;

/// <summary>
/// Reads every <c>*.json</c> pack in a folder into one <see cref="RuleSet"/>, collecting every error (with the file and
/// rule id) instead of stopping at the first, so an analyst fixes a broken pack in one round.
/// </summary>
internal static class RulePackLoader
{
    internal static readonly string[] Categories =
    [
        "prompt_injection", "jailbreak", "system_prompt_extraction", "memory_poisoning", "pii", "secret",
        "insecure_output", "tool_misuse", "excessive_agency", "rate", "token_volume",
    ];

    public static RuleSet LoadDirectory(string directory, List<string> errors)
    {
        if (!Directory.Exists(directory))
        {
            errors.Add("rules directory not found: " + directory);
            return new RuleSet([], "0");
        }

        var files = Directory.GetFiles(directory, "*.json");
        Array.Sort(files, StringComparer.Ordinal);
        var rules = new List<RuleDefinition>();
        var versions = new List<string>();
        ulong hash = 14695981039346656037UL;
        foreach (var file in files)
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(file);
            }
            catch (IOException ex)
            {
                errors.Add(Path.GetFileName(file) + ": cannot read: " + ex.Message);
                continue;
            }

            foreach (var b in bytes)
            {
                hash = (hash ^ b) * 1099511628211UL;
            }

            LoadPack(Path.GetFileName(file), bytes, rules, versions, errors);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            if (!seen.Add(rule.Info.Id))
            {
                errors.Add(rule.Info.Id + ": duplicate rule id");
            }
        }

        versions.Sort(StringComparer.Ordinal);
        var top = versions.Count == 0 ? "0" : versions[^1];
        return new RuleSet(rules, top + "+" + (hash & 0xFFFFFFFF).ToString("x8", CultureInfo.InvariantCulture));
    }

    public static void LoadPack(string name, ReadOnlySpan<byte> json, List<RuleDefinition> rules, List<string> versions, List<string> errors)
    {
        JsonDocument doc;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            doc = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            errors.Add(name + ": invalid JSON: " + ex.Message);
            return;
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add(name + ": a pack must be a JSON object");
                return;
            }

            var pack = GetString(root, "pack") ?? Path.GetFileNameWithoutExtension(name);
            var version = GetString(root, "version");
            if (string.IsNullOrWhiteSpace(version))
            {
                errors.Add(name + ": missing \"version\"");
            }
            else
            {
                versions.Add(version);
            }

            if (!root.TryGetProperty("rules", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                errors.Add(name + ": missing \"rules\" array");
                return;
            }

            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                var rule = RuleParser.Parse(pack, index++, item, errors);
                if (rule is not null)
                {
                    rules.Add(rule);
                }
            }
        }
    }

    internal static string? GetString(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
