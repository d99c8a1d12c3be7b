using System.Text.Json.Nodes;
using AiSpm.Admin.Storage;
using AiSpm.Admin.Storage.Assets;
using AiSpm.Admin.Storage.Posture;
using AiSpm.Admin.Storage.Traffic;
using AiSpm.Posture.Behaviour;
using AiSpm.Posture.Controls;
using AiSpm.Posture.Evaluation;
using AiSpm.Scanner.Model;

namespace AiSpm.Admin.Posture;

/// <summary>
/// Runs the controls in force over the stored inventory and keeps their results: each (control, resource) result is
/// stored, and a change of status is written to the finding of that pair (so it reaches the sinks through the outbox).
/// What is evaluated follows what changed: everything at start, the assets a scan changed and their neighbours after
/// a scan (a control reads an asset's neighbours through <c>data.aispm</c>: the agent's guardrail, the role's
/// policies), one control when it is put, one pair when an exception is granted, revoked or expires. A control may read
/// any asset through <c>data.aispm</c>, so this scope is a good approximation, and the start-up run puts it right.
/// The controls that read <c>data.aispm.behaviour</c> also run after traffic summaries arrive and on an interval
/// (<see cref="EvaluateBehaviourAsync"/>); the behaviour document is built from the stored traffic only for a run that
/// has such a control. Evaluations run one at a time.
/// </summary>
internal sealed partial class PostureService(
    IAssetStore assets,
    IPostureStore store,
    IAdminStore findings,
    ITrafficStore traffic,
    ControlSet controls,
    PostureSettings settings,
    TimeProvider time,
    ILogger<PostureService> logger) : IAssetChangeListener
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public IPostureStore Store => store;

    public ControlSet Controls => controls;

    /// <summary>Every control over every resource; results of controls no longer in force are removed.</summary>
    public Task EvaluateAllAsync(CancellationToken cancellationToken) => RunAsync(null, null, pruneRemovedControls: true, cancellationToken);

    /// <summary>One control over every resource of its kind.</summary>
    public Task EvaluateControlAsync(string controlId, CancellationToken cancellationToken) => RunAsync(One(controlId), null, false, cancellationToken);

    /// <summary>Every control (or one) over some resources only.</summary>
    public Task EvaluateResourcesAsync(string? controlId, IReadOnlySet<string> resources, CancellationToken cancellationToken) =>
        RunAsync(controlId is null ? null : One(controlId), resources, false, cancellationToken);

    /// <summary>The controls that read <c>data.aispm.behaviour</c>, over every resource of their kinds.</summary>
    public Task EvaluateBehaviourAsync(CancellationToken cancellationToken) => RunAsync(ReadsBehaviour, null, false, cancellationToken);

    /// <summary>Whether a control reads the behaviour document (by its text: the one way a control reaches it).</summary>
    internal static bool ReadsBehaviour(Control control) => control.Text.Contains("aispm.behaviour", StringComparison.Ordinal);

    private static Func<Control, bool> One(string controlId) => c => c.Metadata.Id == controlId;

    public async Task ScanCompletedAsync(ChangeSet changes, CancellationToken cancellationToken)
    {
        if (!settings.Enabled)
        {
            return;
        }

        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in changes.Upserts)
        {
            touched.Add(a.Id);
        }

        touched.UnionWith(changes.Removed);
        foreach (var e in changes.EdgesAdded.Concat(changes.EdgesRemoved))
        {
            touched.Add(e.From);
            touched.Add(e.To);
        }

        if (touched.Count == 0)
        {
            return;
        }

        // The neighbours of what changed read it through data.aispm (an agent's control reads its guardrail).
        var snapshot = await assets.LoadSnapshotAsync(cancellationToken);
        var scope = new HashSet<string>(touched, StringComparer.Ordinal);
        foreach (var e in snapshot.Edges)
        {
            if (touched.Contains(e.From))
            {
                scope.Add(e.To);
            }

            if (touched.Contains(e.To))
            {
                scope.Add(e.From);
            }
        }

        await RunAsync(null, scope, false, cancellationToken);
    }

    /// <summary>Removes a control's results and resolves its findings (the control was deleted).</summary>
    public async Task RemoveControlAsync(Control control, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await RetireResultsAsync(await store.ListResultsAsync(control.Metadata.Id, cancellationToken), "the control was deleted", cancellationToken);
            await store.ReplaceResultsAsync(control.Metadata.Id, [], null, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The pairs whose stored result is excepted under an exception that has since expired (or was revoked).</summary>
    public async Task SweepExpiredAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var active = new Dictionary<string, PostureException>(StringComparer.Ordinal);
        foreach (var e in await store.ListExceptionsAsync(cancellationToken))
        {
            if (e.Expires > now)
            {
                active[e.Id] = e;
            }
        }

        var stale = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var r in await store.ListResultsAsync(null, cancellationToken))
        {
            if (r.Status == ResultStatusNames.Excepted && (r.ExceptionId is null || !active.ContainsKey(r.ExceptionId)))
            {
                if (!stale.TryGetValue(r.ControlId, out var set))
                {
                    stale[r.ControlId] = set = new HashSet<string>(StringComparer.Ordinal);
                }

                set.Add(r.ResourceId);
            }
        }

        foreach (var (control, resources) in stale)
        {
            await RunAsync(One(control), resources, false, cancellationToken);
        }
    }

    /// <summary>A dry run of one control over the current inventory: nothing is stored.</summary>
    public async Task<ControlOutcome> DryRunAsync(Control control, CancellationToken cancellationToken)
    {
        var snapshot = await assets.LoadSnapshotAsync(cancellationToken);
        var exceptions = await store.ListExceptionsAsync(cancellationToken);
        var behaviour = ReadsBehaviour(control) ? await BehaviourAsync(snapshot, cancellationToken) : null;
        var report = PostureEvaluator.Evaluate([control], new PostureInventory(snapshot.Assets, snapshot.Edges, settings.Config, behaviour), Grants(exceptions).Keys.ToList(), Options(null));
        return report.Controls[0];
    }

    private async Task RunAsync(Func<Control, bool>? select, IReadOnlySet<string>? resources, bool pruneRemovedControls, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var started = time.GetTimestamp();
            var inForce = await controls.CurrentAsync(store, cancellationToken);
            var selected = new List<Control>();
            foreach (var c in inForce)
            {
                if (select is null || select(c.Control))
                {
                    selected.Add(c.Control);
                }
            }

            var snapshot = await assets.LoadSnapshotAsync(cancellationToken);
            var exceptions = await store.ListExceptionsAsync(cancellationToken);
            var grants = Grants(exceptions);
            var behaviour = selected.Exists(ReadsBehaviour) ? await BehaviourAsync(snapshot, cancellationToken) : null;
            var inventory = new PostureInventory(snapshot.Assets, snapshot.Edges, settings.Config, behaviour);
            // The interpreter is synchronous and CPU-bound; off the caller's thread so a request or the scan loop is not held.
            var report = await Task.Run(() => PostureEvaluator.Evaluate(selected, inventory, [.. grants.Keys], Options(resources)), cancellationToken);
            var byId = snapshot.Assets.ToDictionary(a => a.Id, StringComparer.Ordinal);
            var exceptionsById = exceptions.ToDictionary(e => e.Id, StringComparer.Ordinal);
            var now = time.GetUtcNow();
            int failing = 0, changed = 0;
            foreach (var outcome in report.Controls)
            {
                var id = outcome.Control.Metadata.Id;
                var previous = (await store.ListResultsAsync(id, cancellationToken)).ToDictionary(r => r.ResourceId, StringComparer.Ordinal);
                var next = new List<StoredResult>(outcome.Results.Count);
                foreach (var r in outcome.Results)
                {
                    var stored = ToStored(r, grants, now);
                    next.Add(stored);
                    failing += r.Status == ResultStatus.Failing ? 1 : 0;
                    var before = previous.GetValueOrDefault(r.ResourceId);
                    previous.Remove(r.ResourceId);
                    if (before is null || before.Status != stored.Status || (stored.Status == ResultStatusNames.Failing && !before.Reasons.SequenceEqual(stored.Reasons)))
                    {
                        changed++;
                        var exception = stored.ExceptionId is { } eid ? exceptionsById.GetValueOrDefault(eid) : null;
                        await WriteFindingAsync(outcome.Control, stored, byId.GetValueOrDefault(r.ResourceId), exception, now, cancellationToken);
                    }
                }

                // Stored results in scope that have no new one: the resource is gone (or left the control's kind).
                var gone = resources is null ? previous.Values.ToList() : previous.Values.Where(p => resources.Contains(p.ResourceId)).ToList();
                await RetireResultsAsync(gone, "the resource is gone", cancellationToken);
                await store.ReplaceResultsAsync(id, next, resources is null ? null : [.. resources], cancellationToken);
            }

            if (pruneRemovedControls)
            {
                await PruneAsync(inForce, cancellationToken);
            }

            Log.Evaluated(logger, selected.Count, resources?.Count ?? snapshot.Assets.Count, failing, changed, time.GetElapsedTime(started).TotalMilliseconds);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Results of a control no longer in force (deleted on another replica while this one was down).</summary>
    private async Task PruneAsync(IReadOnlyList<LoadedControl> inForce, CancellationToken cancellationToken)
    {
        var ids = inForce.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var orphans = (await store.ListResultsAsync(null, cancellationToken)).Where(r => !ids.Contains(r.ControlId)).GroupBy(r => r.ControlId);
        foreach (var group in orphans)
        {
            foreach (var r in group)
            {
                if (r.Status is ResultStatusNames.Failing or ResultStatusNames.Excepted)
                {
                    await ResolveAsync(r, "the control is no longer in force", cancellationToken);
                }
            }

            await store.ReplaceResultsAsync(group.Key, [], null, cancellationToken);
        }
    }

    private async Task RetireResultsAsync(IReadOnlyList<StoredResult> results, string why, CancellationToken cancellationToken)
    {
        foreach (var r in results)
        {
            if (r.Status is ResultStatusNames.Failing or ResultStatusNames.Excepted)
            {
                await ResolveAsync(r, why, cancellationToken);
            }
        }
    }

    private async Task ResolveAsync(StoredResult r, string why, CancellationToken cancellationToken)
    {
        if (await findings.GetFindingAsync(PostureFindings.IdOf(r.ControlId, r.ResourceId), cancellationToken) is { } f && f.Status != FindingStatus.Resolved)
        {
            var now = time.GetUtcNow();
            await findings.PutFindingAsync(f with { Status = FindingStatus.Resolved, StatusReason = why, StatusBy = PostureFindings.By, StatusAt = now, LastSeen = now }, cancellationToken);
        }
    }

    private async Task WriteFindingAsync(Control control, StoredResult result, Asset? asset, PostureException? exception, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var existing = await findings.GetFindingAsync(PostureFindings.IdOf(control.Metadata.Id, result.ResourceId), cancellationToken);
        if (PostureFindings.Next(existing, control, result, asset, exception, now) is { } next)
        {
            await findings.PutFindingAsync(next, cancellationToken);
        }
    }

    /// <summary><c>data.aispm.behaviour</c> from the stored traffic of both windows and the snapshot's X-Ray services.</summary>
    private async Task<System.Text.Json.Nodes.JsonObject> BehaviourAsync(AssetSnapshot snapshot, CancellationToken cancellationToken)
    {
        var window = new BehaviourWindow { Now = time.GetUtcNow(), Recent = settings.BehaviourRecent, Baseline = settings.BehaviourBaseline };
        // The recent window first, so a cap on rows never costs the minutes the controls judge.
        var recent = await traffic.QueryAsync(new TrafficQuery { From = window.RecentSince, To = window.Now.AddMinutes(1), Limit = settings.BehaviourMaxRows }, cancellationToken);
        var left = settings.BehaviourMaxRows - recent.Count;
        var baseline = left > 0 ? await traffic.QueryAsync(new TrafficQuery { From = window.Since, To = window.RecentSince, Limit = left }, cancellationToken) : [];
        if (recent.Count + baseline.Count >= settings.BehaviourMaxRows)
        {
            Log.TrafficTruncated(logger, settings.BehaviourMaxRows);
        }

        var rows = recent.Concat(baseline).ToList();
        var samples = new List<TrafficSample>(rows.Count);
        foreach (var r in rows)
        {
            var t = r.Summary;
            samples.Add(new TrafficSample
            {
                Minute = t.Minute,
                Route = t.Route,
                Model = t.Model,
                Key = t.Key,
                Team = t.Team,
                Requests = t.Requests,
                Status5xx = t.Status5xx,
                RateLimited = t.RateLimited,
                LatencyP99Ms = t.LatencyP99Ms,
                WithTraceparent = t.WithTraceparent,
            });
        }

        return BehaviourDocument.Build(snapshot.Assets, snapshot.Edges, samples, window);
    }

    private PostureOptions Options(IReadOnlySet<string>? resources) => new()
    {
        ResourceTimeBudget = settings.ResourceTimeBudget,
        Config = settings.Config,
        Resources = resources,
        Now = time.GetUtcNow(),
    };

    /// <summary>The exceptions as the evaluator takes them, each with its stored id (grants compare by value).</summary>
    private static Dictionary<ExceptionGrant, string> Grants(IReadOnlyList<PostureException> exceptions)
    {
        var grants = new Dictionary<ExceptionGrant, string>();
        foreach (var e in exceptions)
        {
            grants.TryAdd(new ExceptionGrant(e.ControlId, e.ResourceId, e.Reason, e.By, e.Expires), e.Id);
        }

        return grants;
    }

    internal static StoredResult ToStored(ControlResult r, IReadOnlyDictionary<ExceptionGrant, string>? grants, DateTimeOffset now)
    {
        var evidence = new List<ResultEvidence>(r.Evidence.Count);
        foreach (var e in r.Evidence)
        {
            evidence.Add(new ResultEvidence(e.Path, e.Value is null ? null : JsonNode.Parse(e.Value.ToJson())));
        }

        return new StoredResult
        {
            ControlId = r.ControlId,
            ResourceId = r.ResourceId,
            Status = ResultStatusNames.Of(r.Status),
            Reasons = r.Reasons,
            Evidence = evidence,
            Message = r.Message,
            ExceptionId = r.Exception is { } g && grants is not null ? grants.GetValueOrDefault(g) : null,
            EvaluatedAt = now,
        };
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 92, EventName = "PostureEvaluated", Level = LogLevel.Information,
            Message = "posture: {Controls} controls over {Resources} resources: {Failing} failing, {Changed} results changed, {Ms:F0} ms")]
        public static partial void Evaluated(ILogger logger, int controls, int resources, int failing, int changed, double ms);

        [LoggerMessage(EventId = 3020, EventName = "BehaviourTrafficTruncated", Level = LogLevel.Warning,
            Message = "posture: behaviour read {Rows} traffic summaries (posture:behaviour:maxTrafficRows), the recent window first, and left the rest of the baseline out")]
        public static partial void TrafficTruncated(ILogger logger, int rows);
    }
}
