using System.Diagnostics;
using System.Globalization;
using AiSpm.Admin.Hosting;
using AiSpm.Admin.Storage.RedTeam;
using AiSpm.Detection;
using AiSpm.Detection.Evaluation;

namespace AiSpm.Admin.RedTeam;

/// <summary>
/// Runs a plan against its target, sums the figures and stores the run: the one home of a run, whatever started it.
/// The detector stack is loaded for every run (the rule packs as they are now; the managed engine by default, so no
/// Hyperscan compile waits in a request), in gateway runs too, for the rules' categories and framework tags.
/// </summary>
internal sealed class RedTeamService(RedTeamSettings settings, AdminSettings admin, IRedTeamStore store, TimeProvider time, ILogger<RedTeamService> logger) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), AllowAutoRedirect = false })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public RedTeamSettings Settings => settings;

    /// <summary>Loads the detector stack of the admin's rules directory; throws <see cref="RulePackException"/>, or
    /// <see cref="InvalidOperationException"/> when no rules directory is configured.</summary>
    public Inspector LoadInspector() => Inspector.Load(new InspectorOptions
    {
        RulesDirectory = admin.RulesDirectory ?? throw new InvalidOperationException("no rules directory is configured (rulesDirectory)"),
        ScorerPath = settings.ScorerPath,
        Engine = settings.Engine,
    });

    public async Task<RedTeamRun> RunAsync(RedTeamPlan plan, Inspector inspector, CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var id = NewId(startedAt);
        var mode = plan.Gateway is null ? "inprocess" : "gateway";
        Log.RunStarted(logger, id, mode, plan.Corpus, plan.Rows.Count, plan.StartedBy);
        IRedTeamTarget target = plan.Gateway is { } g
            ? new GatewayTarget(_http, g with { Concurrency = Math.Min(g.Concurrency, settings.MaxConcurrency) }, RuleCategories(inspector.Rules))
            : new InProcessTarget(inspector);
        var results = new RowResult?[plan.Rows.Count];
        var start = Stopwatch.GetTimestamp();
        using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            limit.CancelAfter(settings.MaxRunTime);
            try
            {
                await Parallel.ForEachAsync(
                    Enumerable.Range(0, plan.Rows.Count),
                    new ParallelOptions { MaxDegreeOfParallelism = target.Concurrency, CancellationToken = limit.Token },
                    async (i, ct) => results[i] = await target.RunAsync(plan.Rows[i], ct).ConfigureAwait(false)).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Log.RunTimeLimit(logger, id, settings.MaxRunTime.TotalSeconds, results.Count(r => r is null));
            }
        }

        var judged = new RowResult[results.Length];
        for (var i = 0; i < results.Length; i++)
        {
            var row = plan.Rows[i];
            judged[i] = results[i] ?? new RowResult(row.Id, row.Category, row.IsAttack, Outcomes.Error, null, 0, "run time limit");
        }

        var header = new RedTeamRun
        {
            Id = id,
            StartedAt = startedAt,
            DurationMs = Math.Round(Stopwatch.GetElapsedTime(start).TotalMilliseconds, 1),
            Mode = mode,
            Corpus = plan.Corpus,
            Target = plan.Gateway?.BaseUrl.ToString() ?? inspector.EngineName,
            StartedBy = plan.StartedBy,
        };
        var run = RedTeamMetrics.Summarize(header, plan.Rows, judged, inspector.Rules);
        await store.PutAsync(run, CancellationToken.None).ConfigureAwait(false);
        Log.RunFinished(logger, id, run.DurationMs, run.Errors, run.Skipped, run.Benign.Flagged, run.Benign.Total);
        return run;
    }

    /// <summary>The rows of a named corpus under <see cref="RedTeamSettings.CorpusDirectory"/>, or null when there is
    /// no such corpus. The name is a plain file name: no separators, no dots.</summary>
    public List<CorpusRow>? ReadNamedCorpus(string name)
    {
        if (settings.CorpusDirectory is not { } dir || name.Length is 0 or > 64 || !IsPlainName(name))
        {
            return null;
        }

        var path = Path.Combine(dir, name + ".jsonl");
        if (!File.Exists(path))
        {
            return null;
        }

        using var reader = File.OpenText(path);
        return CorpusReader.Parse(reader, settings.MaxRows);
    }

    public void Dispose() => _http.Dispose();

    private static bool IsPlainName(string name)
    {
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static Dictionary<string, string> RuleCategories(IReadOnlyList<RuleInfo> rules)
    {
        var map = new Dictionary<string, string>(rules.Count, StringComparer.Ordinal);
        foreach (var r in rules)
        {
            map.TryAdd(r.Id, r.Category);
        }

        return map;
    }

    private static string NewId(DateTimeOffset at)
    {
        Span<char> letters = stackalloc char[6];
        for (var i = 0; i < letters.Length; i++)
        {
            letters[i] = (char)('a' + System.Security.Cryptography.RandomNumberGenerator.GetInt32(26));
        }

        return "rt-" + at.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff", CultureInfo.InvariantCulture) + "-" + new string(letters);
    }
}
