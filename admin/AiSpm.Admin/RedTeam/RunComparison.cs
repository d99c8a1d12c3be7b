using AiSpm.Admin.Storage.RedTeam;

namespace AiSpm.Admin.RedTeam;

/// <summary>A run against an earlier one: per-category detection then and now, the benign false-positive rates, and
/// the rows (by id) whose outcome changed.</summary>
internal sealed record RunComparison(
    string RunId,
    string BaselineId,
    IReadOnlyList<CategoryDelta> Categories,
    BenignDelta Benign,
    IReadOnlyList<FlippedRow> Flipped)
{
    public static RunComparison Of(RedTeamRun run, RedTeamRun baseline)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var c in run.Categories)
        {
            names.Add(c.Name);
        }

        foreach (var c in baseline.Categories)
        {
            names.Add(c.Name);
        }

        var categories = new List<CategoryDelta>(names.Count);
        foreach (var name in names)
        {
            var now = Find(run.Categories, name);
            var before = Find(baseline.Categories, name);
            categories.Add(new CategoryDelta(name, before, now, Math.Round((now?.Rate ?? 0) - (before?.Rate ?? 0), 4)));
        }

        var earlier = new Dictionary<string, RowResult>(StringComparer.Ordinal);
        foreach (var r in baseline.Results ?? [])
        {
            earlier.TryAdd(r.Id, r);
        }

        var flipped = new List<FlippedRow>();
        foreach (var r in run.Results ?? [])
        {
            if (earlier.TryGetValue(r.Id, out var b) && b.Outcome != r.Outcome)
            {
                flipped.Add(new FlippedRow(r.Id, r.Category, b.Outcome, r.Outcome, b.Rule, r.Rule));
            }
        }

        return new RunComparison(
            run.Id,
            baseline.Id,
            categories,
            new BenignDelta(baseline.Benign, run.Benign, Math.Round(run.Benign.Fpr - baseline.Benign.Fpr, 4)),
            flipped);
    }

    private static RateFigure? Find(IReadOnlyList<RateFigure> figures, string name)
    {
        foreach (var f in figures)
        {
            if (f.Name == name)
            {
                return f;
            }
        }

        return null;
    }
}
