using AiSpm.Posture.Controls;
using AiSpm.Rego;
using AiSpm.Rego.Evaluation;
using AiSpm.Rego.Values;
using AiSpm.Scanner.Model;

namespace AiSpm.Posture.Evaluation;

/// <summary>
/// Runs every control over every asset of its <c>resource_kind</c> (narrowed by its <c>resource_id</c> pattern, if any):
/// the asset's document PascalCased as <c>input</c>, the inventory as <c>data.aispm</c> (see <see cref="PostureInventory"/>).
/// Each (control, resource) is evaluated under its own step and time budget; an error or an exhausted budget makes that
/// one result an error and never stops the run. Exceptions turn failing results into excepted until they expire.
/// </summary>
public static class PostureEvaluator
{
    public static PostureReport Evaluate(
        IReadOnlyList<Control> controls,
        IReadOnlyList<Asset> assets,
        IReadOnlyList<Edge> edges,
        IReadOnlyList<ExceptionGrant>? exceptions = null,
        PostureOptions? options = null) =>
        Evaluate(controls, new PostureInventory(assets, edges, options?.Config, options?.Behaviour), exceptions, options);

    /// <summary>Evaluates over an inventory converted beforehand (<see cref="PostureOptions.Config"/> is then the inventory's).</summary>
    public static PostureReport Evaluate(
        IReadOnlyList<Control> controls,
        PostureInventory inventory,
        IReadOnlyList<ExceptionGrant>? exceptions = null,
        PostureOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(controls);
        ArgumentNullException.ThrowIfNull(inventory);
        options ??= PostureOptions.Default;
        var now = options.Now ?? DateTimeOffset.UtcNow;
        var budget = new RegoBudget { MaxTime = options.ResourceTimeBudget, MaxSteps = options.ResourceStepBudget };
        var data = inventory;
        var assets = inventory.Assets;
        var grants = new Dictionary<(string, string), ExceptionGrant>();
        foreach (var g in exceptions ?? [])
        {
            // Of two exceptions for the same pair, the one that lasts longer holds.
            if (!grants.TryGetValue((g.ControlId, g.ResourceId), out var other) || other.Expires < g.Expires)
            {
                grants[(g.ControlId, g.ResourceId)] = g;
            }
        }

        var byKind = new Dictionary<string, List<Asset>>(StringComparer.Ordinal);
        foreach (var a in assets)
        {
            if (!byKind.TryGetValue(a.Kind, out var list))
            {
                byKind[a.Kind] = list = [];
            }

            list.Add(a);
        }

        foreach (var list in byKind.Values)
        {
            list.Sort(static (x, y) => string.CompareOrdinal(x.Id, y.Id));
        }

        // The per-resource data document is the same for every control; build it once per resource, lazily.
        var dataFor = new Dictionary<string, RegoValue>(StringComparer.Ordinal);
        var outcomes = new List<ControlOutcome>(controls.Count);
        foreach (var control in controls)
        {
            var results = new List<ControlResult>();
            if (byKind.TryGetValue(control.Metadata.ResourceKind, out var candidates))
            {
                foreach (var asset in candidates)
                {
                    if ((control.Metadata.ResourceId is { } pattern && !IdGlob.IsMatch(pattern, asset.Id))
                        || (options.Resources is { } only && !only.Contains(asset.Id)))
                    {
                        continue;
                    }

                    if (!dataFor.TryGetValue(asset.Id, out var d))
                    {
                        dataFor[asset.Id] = d = data.For(asset);
                    }

                    var r = EvaluateOne(control, asset, data.Documents[asset.Id], d, budget);
                    results.Add(ApplyException(r, grants.GetValueOrDefault((control.Metadata.Id, asset.Id)), now));
                }
            }

            outcomes.Add(new ControlOutcome(control, results));
        }

        return new PostureReport(outcomes, assets);
    }

    private static ControlResult EvaluateOne(Control control, Asset asset, RegoValue input, RegoValue data, RegoBudget budget)
    {
        try
        {
            var (failing, reasons) = control.Decide(input, data, budget);
            return new ControlResult
            {
                ControlId = control.Metadata.Id,
                ResourceId = asset.Id,
                Status = failing ? ResultStatus.Failing : ResultStatus.Passing,
                Reasons = reasons,
                Evidence = failing ? CollectEvidence(control, input) : [],
            };
        }
        catch (RegoException e)
        {
            return new ControlResult { ControlId = control.Metadata.Id, ResourceId = asset.Id, Status = ResultStatus.Error, Message = e.Message };
        }
    }

    private static ControlResult ApplyException(ControlResult r, ExceptionGrant? grant, DateTimeOffset now)
    {
        if (grant is null || r.Status != ResultStatus.Failing)
        {
            return r;
        }

        return grant.IsActive(now)
            ? r with { Status = ResultStatus.Excepted, Exception = grant }
            : r with { Exception = grant, Message = $"exception by {grant.Who} expired {grant.Expires:O}" };
    }

    /// <summary>For each `input.A.B` the control reads, the deepest part of the path the resource has, with its value.</summary>
    private static List<Evidence> CollectEvidence(Control control, RegoValue input)
    {
        var evidence = new List<Evidence>(control.EvidencePaths.Length);
        foreach (var path in control.EvidencePaths)
        {
            var value = input;
            var found = 0;
            while (found < path.Keys.Length && value is RegoObject o && o.Get(path.Keys[found]) is { } child)
            {
                value = child;
                found++;
            }

            var shown = path.Shown[Math.Max(found, 1) - 1];
            if (!Contains(evidence, shown))
            {
                evidence.Add(new Evidence(shown, found == 0 ? null : value));
            }
        }

        return evidence;
    }

    private static bool Contains(List<Evidence> evidence, string path)
    {
        foreach (var e in evidence)
        {
            if (e.Path == path)
            {
                return true;
            }
        }

        return false;
    }
}
