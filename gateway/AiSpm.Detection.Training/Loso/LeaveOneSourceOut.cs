using System.Diagnostics;
using System.Text;
using AiSpm.Detection.Rules;

namespace AiSpm.Detection.Training.Loso;

/// <summary>
/// <c>./aispm eval --loso</c>: for each source (repository) of the evaluated corpora, retrains the scorer on the
/// training rows of every other source, loads the full stack (rule packs as shipped, the gateway's normalizer and
/// engine, the retrained scorer) and measures it on that source's rows. Rules are not retrained; a rule whose
/// description names a source (<c>owner/repo</c>) counts as written after reading it, and the report lists such rules
/// beside the source.
/// </summary>
internal sealed class LeaveOneSourceOut(TrainingOptions options, string rulesDirectory, TextWriter log)
{
    /// <summary>The engine of the measured stack (tests use the managed twin, which needs no Hyperscan database).</summary>
    public EngineKind Engine { get; init; } = EngineKind.Auto;

    /// <summary>Group by file (<c>owner/repo:path</c>) instead of by repository.</summary>
    public bool ByFile { get; init; }

    /// <summary>Only groups whose name contains one of these (ordinal, case-insensitive); empty: every group.</summary>
    public IReadOnlyList<string> Only { get; init; } = [];

    public LosoReport Run(IReadOnlyList<CorpusRow> trainRows, IReadOnlyList<CorpusRow> evalRows)
    {
        var groups = new SortedDictionary<string, List<CorpusRow>>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in evalRows)
        {
            // A training file may also be listed for evaluation: each row is measured once.
            if (!seen.Add(row.Id))
            {
                continue;
            }

            var key = SourceGroups.Of(row.Source, ByFile);
            if (!Selected(key))
            {
                continue;
            }

            if (!groups.TryGetValue(key, out var list))
            {
                groups[key] = list = [];
            }

            list.Add(row);
        }

        var descriptions = RuleDescriptions();
        var results = new List<GroupResult>(groups.Count);
        var work = Path.Combine(Path.GetTempPath(), "aispm-loso-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(work);
        try
        {
            foreach (var (group, rows) in groups)
            {
                var clock = Stopwatch.StartNew();
                var kept = new List<CorpusRow>(trainRows.Count);
                foreach (var row in trainRows)
                {
                    if (SourceGroups.Of(row.Source, ByFile) != group)
                    {
                        kept.Add(row);
                    }
                }

                var trainer = new ScorerTrainer(options, TextWriter.Null);
                var model = trainer.Train(kept);
                trainer.Write(model, work, "loso");
                var result = new GroupResult(group, kept.Count);
                foreach (var (id, description) in descriptions)
                {
                    if (NamesSource(description, group))
                    {
                        result.RulesFromThisSource.Add(id);
                    }
                }

                using (var inspector = Inspector.Load(new InspectorOptions
                {
                    RulesDirectory = rulesDirectory,
                    ScorerPath = Path.Combine(work, ScorerTrainer.ModelFileName),
                    Engine = Engine,
                }))
                {
                    Measure(inspector, rows, result);
                }

                results.Add(result);
                log.WriteLine($"loso: {group}: {rows.Count} rows held out, {kept.Count} trained on, {clock.ElapsedMilliseconds} ms: {result.Summary()}");
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }

        return new LosoReport(results);
    }

    /// <summary>The gateway's rule for a hit: an attack row counts when a finding of its own category fires, a benign row when anything fires.</summary>
    internal static void Measure(Inspector inspector, IReadOnlyList<CorpusRow> rows, GroupResult result)
    {
        var findings = new FindingList();
        foreach (var row in rows)
        {
            findings.Clear();
            inspector.ScanText(Encoding.UTF8.GetBytes(row.Text), row.Phase == "response" ? ScanPhase.Response : ScanPhase.Request, findings);
            if (row.Label == "attack")
            {
                var hit = false;
                foreach (var f in findings.AsSpan())
                {
                    hit |= inspector.Rules[f.RuleIndex].Category == row.Category;
                }

                result.Add(row.Category, hit);
            }
            else
            {
                result.Benign++;
                result.BenignFlagged += findings.Count > 0 ? 1 : 0;
            }
        }
    }

    // A rule names a source by its full "owner/repo": a repository's bare name ("artifacts", "garak") could be any word.
    internal static bool NamesSource(string description, string group)
    {
        var colon = group.IndexOf(':', StringComparison.Ordinal);
        var repository = colon < 0 ? group : group[..colon];
        return repository.Contains('/', StringComparison.Ordinal) && description.Contains(repository, StringComparison.OrdinalIgnoreCase);
    }

    private bool Selected(string group)
    {
        if (Only.Count == 0)
        {
            return true;
        }

        foreach (var filter in Only)
        {
            if (group.Contains(filter, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private List<(string Id, string Description)> RuleDescriptions()
    {
        using var inspector = Inspector.Load(new InspectorOptions { RulesDirectory = rulesDirectory, Engine = EngineKind.Managed });
        var list = new List<(string, string)>();
        foreach (var rule in inspector.Rules)
        {
            list.Add((rule.Id, rule.Description));
        }

        return list;
    }
}
