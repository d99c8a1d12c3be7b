using System.Text.Json;
using System.Text.RegularExpressions;

namespace AiSpm.Detection.Training;

/// <summary>
/// The trainer's own reading of rule packs (config/rules/*.json) into .NET <see cref="Regex"/> with NonBacktracking,
/// for evaluation until `./aispm eval` lands. Any pattern that does not compile is an error naming pack and rule.
/// </summary>
internal sealed class RulePackSet
{
    private RulePackSet(List<CompiledRule> rules) => Rules = rules;

    public IReadOnlyList<CompiledRule> Rules { get; }

    public static RulePackSet Load(IEnumerable<string> packPaths)
    {
        var rules = new List<CompiledRule>();
        foreach (var path in packPaths)
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            foreach (var rule in doc.RootElement.GetProperty("rules").EnumerateArray())
            {
                var id = rule.GetProperty("id").GetString() ?? "";
                var category = rule.GetProperty("category").GetString() ?? "";
                var regexes = new List<Regex>();
                foreach (var pattern in rule.GetProperty("patterns").EnumerateArray())
                {
                    var source = pattern.GetProperty("regex").GetString() ?? "";
                    var flags = pattern.TryGetProperty("flags", out var f) ? f.GetString() ?? "" : "";
                    try
                    {
                        regexes.Add(new Regex(source, ToOptions(flags), TimeSpan.FromSeconds(2)));
                    }
                    catch (ArgumentException ex)
                    {
                        throw new InvalidDataException($"rule pack '{path}' rule {id}: pattern does not compile: {ex.Message}", ex);
                    }
                }

                rules.Add(new CompiledRule(id, category, regexes));
            }
        }

        return new RulePackSet(rules);
    }

    public static RegexOptions ToOptions(string flags)
    {
        var options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;
        foreach (var flag in flags)
        {
            options |= flag switch
            {
                'i' => RegexOptions.IgnoreCase,
                's' => RegexOptions.Singleline,
                'm' => RegexOptions.Multiline,
                _ => throw new InvalidDataException($"unknown regex flag '{flag}' (allowed: i, s, m)"),
            };
        }

        return options;
    }

    /// <summary>Categories of the rules that match <paramref name="normalized"/>, first matching rule id per category.</summary>
    public void Match(string normalized, Dictionary<string, string> matchedCategories)
    {
        matchedCategories.Clear();
        foreach (var rule in Rules)
        {
            if (matchedCategories.ContainsKey(rule.Category))
            {
                continue;
            }

            foreach (var regex in rule.Regexes)
            {
                if (regex.IsMatch(normalized))
                {
                    matchedCategories[rule.Category] = rule.Id;
                    break;
                }
            }
        }
    }

    internal sealed record CompiledRule(string Id, string Category, IReadOnlyList<Regex> Regexes);
}
