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

    /// <summary>
    /// Loads and validates every pack in <paramref name="directory"/>, then keeps the rules of the packs named in
    /// <paramref name="enabledPacks"/> (null or empty: all). Every pack is validated even when disabled, so whether a
    /// folder is accepted never depends on the policy of the moment. Names that match no pack are ignored; when none
    /// matches, every pack stays on, so a typo in a policy never switches detection off.
    /// </summary>
    public static RuleSet LoadDirectory(string directory, List<string> errors, IReadOnlyCollection<string>? enabledPacks = null)
    {
        if (!Directory.Exists(directory))
        {
            errors.Add("rules directory not found: " + directory);
            return new RuleSet([], "0", [], []);
        }

        var files = Directory.GetFiles(directory, "*.json");
        Array.Sort(files, StringComparer.Ordinal);
        var loaded = new List<LoadedFile>(files.Length);
        var available = new List<string>();
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

            var rules = new List<RuleDefinition>();
            var versions = new List<string>();
            var pack = LoadPack(Path.GetFileName(file), bytes, rules, versions, errors);
            loaded.Add(new LoadedFile(pack, bytes, rules, versions));
            if (pack is not null && !available.Contains(pack, StringComparer.Ordinal))
            {
                available.Add(pack);
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in loaded)
        {
            foreach (var rule in file.Rules)
            {
                if (!seen.Add(rule.Info.Id))
                {
                    errors.Add(rule.Info.Id + ": duplicate rule id");
                }
            }
        }

        var active = ActivePacks(available, enabledPacks);
        var kept = new List<RuleDefinition>();
        var keptVersions = new List<string>();
        // The version hashes only the active files, so with every pack on it is what it always was, and enabling or
        // disabling a pack gives a new version an operator can see.
        ulong hash = 14695981039346656037UL;
        foreach (var file in loaded)
        {
            if (file.Pack is not null && !active.Contains(file.Pack, StringComparer.Ordinal))
            {
                continue;
            }

            foreach (var b in file.Bytes)
            {
                hash = (hash ^ b) * 1099511628211UL;
            }

            kept.AddRange(file.Rules);
            keptVersions.AddRange(file.Versions);
        }

        keptVersions.Sort(StringComparer.Ordinal);
        var top = keptVersions.Count == 0 ? "0" : keptVersions[^1];
        return new RuleSet(kept, top + "+" + (hash & 0xFFFFFFFF).ToString("x8", CultureInfo.InvariantCulture), active, available);
    }

    private static List<string> ActivePacks(List<string> available, IReadOnlyCollection<string>? enabledPacks)
    {
        if (enabledPacks is { Count: > 0 })
        {
            var active = new List<string>();
            foreach (var pack in available)
            {
                if (enabledPacks.Contains(pack, StringComparer.Ordinal))
                {
                    active.Add(pack);
                }
            }

            if (active.Count > 0)
            {
                return active;
            }
        }

        return [.. available];
    }

    /// <summary>Parses one pack file; returns its pack name, or null when the file is not a pack at all.</summary>
    public static string? LoadPack(string name, ReadOnlySpan<byte> json, List<RuleDefinition> rules, List<string> versions, List<string> errors)
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
            return null;
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add(name + ": a pack must be a JSON object");
                return null;
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
                return pack;
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

            return pack;
        }
    }

    private sealed record LoadedFile(string? Pack, byte[] Bytes, List<RuleDefinition> Rules, List<string> Versions);

    internal static string? GetString(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
