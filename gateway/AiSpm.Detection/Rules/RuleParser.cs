using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AiSpm.Detection.Rules;

/// <summary>Turns one rule object of a pack into a <see cref="RuleDefinition"/>, reporting every problem with the rule id.</summary>
internal static class RuleParser
{
    public static RuleDefinition? Parse(string pack, int index, JsonElement item, List<string> errors)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors.Add(pack + "[" + index.ToString(CultureInfo.InvariantCulture) + "]: a rule must be an object");
            return null;
        }

        var id = RulePackLoader.GetString(item, "id");
        var where = string.IsNullOrWhiteSpace(id) ? pack + "[" + index.ToString(CultureInfo.InvariantCulture) + "]" : id;
        var before = errors.Count;
        if (string.IsNullOrWhiteSpace(id))
        {
            errors.Add(where + ": missing \"id\"");
        }

        var title = RulePackLoader.GetString(item, "title");
        if (string.IsNullOrWhiteSpace(title))
        {
            errors.Add(where + ": missing \"title\"");
        }

        var category = RulePackLoader.GetString(item, "category");
        if (category is null || Array.IndexOf(RulePackLoader.Categories, category) < 0)
        {
            errors.Add(where + ": bad category \"" + category + "\"");
        }

        var severity = ParseSeverity(RulePackLoader.GetString(item, "severity"));
        if (severity is null)
        {
            errors.Add(where + ": bad severity \"" + RulePackLoader.GetString(item, "severity") + "\" (info, low, medium, high, critical)");
        }

        var phase = RulePackLoader.GetString(item, "phase") switch
        {
            "request" => ScanPhase.Request,
            "response" => ScanPhase.Response,
            "both" => ScanPhase.Both,
            _ => (ScanPhase?)null,
        };
        if (phase is null)
        {
            errors.Add(where + ": bad phase \"" + RulePackLoader.GetString(item, "phase") + "\" (request, response, both)");
        }

        var patterns = new List<PatternDefinition>();
        if (item.TryGetProperty("patterns", out var pats) && pats.ValueKind == JsonValueKind.Array)
        {
            foreach (var p in pats.EnumerateArray())
            {
                var regex = p.ValueKind == JsonValueKind.Object ? RulePackLoader.GetString(p, "regex") : null;
                if (string.IsNullOrEmpty(regex))
                {
                    errors.Add(where + ": a pattern needs a non-empty \"regex\"");
                    continue;
                }

                var flags = RulePackLoader.GetString(p, "flags") ?? "";
                foreach (var f in flags)
                {
                    if (f is not ('i' or 's' or 'm'))
                    {
                        errors.Add(where + ": unknown flag '" + f + "' in /" + regex + "/ (i, s, m)");
                    }
                }

                var problem = Dialect.Check(regex);
                if (problem is not null)
                {
                    errors.Add(where + ": /" + regex + "/: " + problem);
                    continue;
                }

                // Letters of other scripts are matched in the spelling the normalizer gives the text.
                regex = Dialect.FoldLetters(regex);
                patterns.Add(new PatternDefinition(regex, flags.Contains('i', StringComparison.Ordinal), flags.Contains('s', StringComparison.Ordinal), flags.Contains('m', StringComparison.Ordinal), false, null));
            }
        }

        if (item.TryGetProperty("literals", out var lits) && lits.ValueKind == JsonValueKind.Array)
        {
            var caseless = RulePackLoader.GetString(item, "literal_flags")?.Contains('i', StringComparison.Ordinal) ?? true;
            foreach (var l in lits.EnumerateArray())
            {
                var text = l.ValueKind == JsonValueKind.String ? l.GetString() : null;
                if (string.IsNullOrEmpty(text) || !System.Text.Ascii.IsValid(text))
                {
                    errors.Add(where + ": a literal must be a non-empty ASCII string");
                    continue;
                }

                patterns.Add(new PatternDefinition(Dialect.Escape(text), caseless, false, false, true, text));
            }
        }

        if (patterns.Count == 0 && errors.Count == before)
        {
            errors.Add(where + ": a rule needs at least one pattern or literal");
        }

        var validatorName = RulePackLoader.GetString(item, "validator");
        var validator = validatorName switch
        {
            null => ValidatorKind.None,
            "luhn" => ValidatorKind.Luhn,
            "iban" => ValidatorKind.Iban,
            "us_ssn" => ValidatorKind.UsSsn,
            "github_token" => ValidatorKind.GitHubToken,
            "entropy" => ValidatorKind.Entropy,
            "token" => ValidatorKind.RandomToken,
            "ip_address" => ValidatorKind.IpAddress,
            "impersonal_task" => ValidatorKind.ImpersonalTask,
            _ => (ValidatorKind)255,
        };
        if ((byte)validator == 255)
        {
            errors.Add(where + ": unknown validator \"" + validatorName + "\" (luhn, iban, us_ssn, github_token, entropy, token, ip_address, impersonal_task)");
        }

        double? minEntropy = null;
        if (item.TryGetProperty("min_entropy", out var me) && me.ValueKind == JsonValueKind.Number)
        {
            minEntropy = me.GetDouble();
            if (minEntropy is < 0 or > 8)
            {
                errors.Add(where + ": min_entropy must be between 0 and 8 bits per byte");
            }
        }

        if (errors.Count != before)
        {
            return null;
        }

        var tags = item.TryGetProperty("tags", out var t) && t.ValueKind == JsonValueKind.Object ? t : default;
        return new RuleDefinition
        {
            Info = new RuleInfo
            {
                Id = id!,
                Title = title!,
                Category = category!,
                Severity = severity!.Value,
                Phase = phase!.Value,
                Redactable = item.TryGetProperty("redact", out var r) && r.ValueKind == JsonValueKind.True,
                OwaspLlm = Tags(tags, "owasp_llm"),
                OwaspAgentic = Tags(tags, "owasp_agentic"),
                MitreAtlas = Tags(tags, "mitre_atlas"),
                NistAiRmf = Tags(tags, "nist_ai_rmf"),
                Description = RulePackLoader.GetString(item, "description") ?? "",
                Remediation = RulePackLoader.GetString(item, "remediation") ?? "",
            },
            Patterns = patterns,
            Validator = validator,
            MinEntropy = minEntropy,
        };
    }

    internal static Severity? ParseSeverity(string? s) => s switch
    {
        "info" => Severity.Info,
        "low" => Severity.Low,
        "medium" => Severity.Medium,
        "high" => Severity.High,
        "critical" => Severity.Critical,
        _ => null,
    };

    private static string[] Tags(JsonElement tags, string name)
    {
        if (tags.ValueKind != JsonValueKind.Object || !tags.TryGetProperty(name, out var arr) || arr.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var list = new List<string>();
        foreach (var v in arr.EnumerateArray())
        {
            if (v.ValueKind == JsonValueKind.String)
            {
                list.Add(v.GetString()!);
            }
        }

        return [.. list];
    }
}
