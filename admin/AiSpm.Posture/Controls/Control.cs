using AiSpm.Rego;
using AiSpm.Rego.Evaluation;
using AiSpm.Rego.Values;

namespace AiSpm.Posture.Controls;

/// <summary>
/// One loaded control: its metadata, its Rego compiled once, and the queries of its decision prepared once. Two decision
/// forms: `risky` (Sysdig's; true means failing) and `deny contains msg` (conftest's; each message is a failure reason).
/// A control with both fails if either says so. Safe to share between threads.
/// </summary>
public sealed class Control
{
    private readonly RegoPolicy _policy;
    private readonly RegoQuery? _risky;
    private readonly RegoQuery? _deny;

    internal Control(string file, string text, string package, ControlMetadata metadata, RegoPolicy policy, bool hasRisky, bool hasDeny, IReadOnlyList<string> inputPaths)
    {
        File = file;
        Text = text;
        Package = package;
        Metadata = metadata;
        _policy = policy;
        _risky = hasRisky ? policy.PrepareQuery("data." + package + ".risky") : null;
        _deny = hasDeny ? policy.PrepareQuery("data." + package + ".deny") : null;
        InputPaths = inputPaths;
        EvidencePaths = new EvidencePath[inputPaths.Count];
        for (var i = 0; i < inputPaths.Count; i++)
        {
            var parts = inputPaths[i].Split('.');
            var shown = new string[parts.Length];
            for (var j = 0; j < parts.Length; j++)
            {
                shown[j] = "input." + string.Join('.', parts, 0, j + 1);
            }

            EvidencePaths[i] = new EvidencePath(Array.ConvertAll(parts, static p => new RegoString(p)), shown);
        }
    }

    public string File { get; }

    /// <summary>The Rego source as loaded.</summary>
    public string Text { get; }

    /// <summary>The package path without the leading `data.`.</summary>
    public string Package { get; }

    public ControlMetadata Metadata { get; }

    /// <summary>The `input.X.Y` references of the rule text, as paths (`["ContentPolicy", "Filters"]`): the fields a failing
    /// result shows as evidence.</summary>
    internal IReadOnlyList<string> InputPaths { get; }

    /// <summary><see cref="InputPaths"/> split once into lookup keys and the text shown for each prefix, so evidence of a
    /// failing result is read without building strings per result.</summary>
    internal EvidencePath[] EvidencePaths { get; }

    /// <summary>Evaluates the decision on one resource. Throws <see cref="RegoException"/> on an evaluation error or an exhausted budget.</summary>
    internal (bool Failing, List<string> Reasons) Decide(RegoValue input, RegoValue data, RegoBudget budget)
    {
        var reasons = new List<string>();
        var failing = false;
        if (_deny is not null)
        {
            var deny = _policy.EvaluateValue(_deny, input, data, budget);
            if (deny is RegoSet set)
            {
                foreach (var m in set.Sorted)
                {
                    reasons.Add(m is RegoString s ? s.Value : m.ToJson());
                }
            }
            else if (deny is RegoArray arr)
            {
                foreach (var m in arr.Items)
                {
                    reasons.Add(m is RegoString s ? s.Value : m.ToJson());
                }
            }

            failing = reasons.Count > 0;
        }

        if (_risky is not null)
        {
            var risky = _policy.EvaluateValue(_risky, input, data, budget);
            if (risky is not null and not RegoBool)
            {
                throw new RegoException("`risky` must be a boolean, got " + risky.ToJson());
            }

            if (risky is RegoBool { Value: true })
            {
                failing = true;
                if (reasons.Count == 0)
                {
                    reasons.Add(Metadata.Title);
                }
            }
        }

        return (failing, reasons);
    }
}

/// <summary>One evidence path: its keys, and <c>Shown[j]</c> = "input." and the first j + 1 keys.</summary>
internal sealed record EvidencePath(RegoString[] Keys, string[] Shown);
