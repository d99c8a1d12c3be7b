using System.Globalization;
using AiSpm.Admin.Storage.Assets;
using AiSpm.Scanner.Connectors;
using AiSpm.Scanner.Model;

namespace AiSpm.Admin.Discovery;

/// <summary>
/// Runs connectors and stores what changed: takes the scan lease (so of several replicas one scans), runs the
/// connectors together (their answers are mapped jointly), diffs the result against the stored graph with the
/// scanner's <see cref="ChangeDetector"/> and writes only the difference, then records the run and each connector's
/// health. One connector failing costs that connector only: its earlier assets are kept, never reported removed.
/// </summary>
internal sealed partial class DiscoveryRunner(
    IAssetStore store,
    ConnectorFactory factory,
    DiscoverySettings settings,
    TimeProvider time,
    ILogger<DiscoveryRunner> logger,
    IAssetChangeListener? listener = null)
{
    public const string LeaseName = "discovery";

    private readonly SemaphoreSlim _local = new(1, 1);
    private readonly string _owner = System.Environment.MachineName + ":" + System.Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ":" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>
    /// Runs <paramref name="connectors"/>. With <paramref name="onlyIfDue"/> (the schedule), a connector another
    /// replica ran within its interval is left out. Null when the lease is held elsewhere or nothing was due.
    /// </summary>
    public async Task<DiscoveryRun?> RunAsync(IReadOnlyList<DiscoveryConnectorSettings> connectors, string trigger, bool onlyIfDue, CancellationToken cancellationToken)
    {
        await _local.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            if (!await store.TryAcquireLeaseAsync(LeaseName, _owner, now, now + settings.Lease, cancellationToken))
            {
                Log.LeaseHeld(logger, trigger);
                return null;
            }

            try
            {
                var states = await StatesAsync(cancellationToken);
                if (onlyIfDue)
                {
                    connectors = Due(connectors, states, now);
                    if (connectors.Count == 0)
                    {
                        return null;
                    }
                }

                return await ScanAsync(connectors, trigger, states, cancellationToken);
            }
            finally
            {
                await store.ReleaseLeaseAsync(LeaseName, _owner, CancellationToken.None);
            }
        }
        finally
        {
            _local.Release();
        }
    }

    private async Task<DiscoveryRun> ScanAsync(IReadOnlyList<DiscoveryConnectorSettings> connectors, string trigger, Dictionary<string, ConnectorState> states, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var names = new List<string>(connectors.Count);
        foreach (var c in connectors)
        {
            names.Add(c.Name);
        }

        var run = new DiscoveryRun
        {
            Id = started.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8],
            Trigger = trigger,
            Connectors = names,
            Started = started,
            Status = "running",
        };
        await store.PutRunAsync(run, cancellationToken);
        Log.RunStarted(logger, run.Id, trigger, string.Join(",", names));
        try
        {
            var result = await new DiscoveryScan(factory.Create(connectors), time).RunAsync(cancellationToken);
            var before = await store.LoadSnapshotAsync(cancellationToken);
            var ok = new HashSet<string>(StringComparer.Ordinal);
            var failed = new List<FailedCall>();
            foreach (var h in result.Connectors)
            {
                if (h.Status == ConnectorStatus.Ok)
                {
                    ok.Add(h.Connector);
                }

                failed.AddRange(h.FailedCalls);
            }

            var (current, edges, folded) = RuntimeInventory.FoldIntoScan(MergeSources(result.Assets, before.Assets, names), result.Edges, before);
            // Only a connector that answered every call can say an asset is gone; a partial or failed one's earlier
            // assets stay as they were. A gateway asset the scan found under a connector's id goes: it is folded in.
            var changes = ChangeDetector.Detect(before.Assets, before.Edges, current, edges, run.Id, result.At,
                a => folded.Contains(a.Id) || RuntimeInventory.ScanAnswersFor(a, ok));
            await store.ApplyAsync(changes, cancellationToken);
            if (listener is not null)
            {
                try
                {
                    // Inside the lease, so of several replicas the one that scanned evaluates what its scan changed.
                    await listener.ScanCompletedAsync(changes, cancellationToken);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    Log.ListenerFailed(logger, run.Id, e);
                }
            }

            var finished = time.GetUtcNow();
            foreach (var h in result.Connectors)
            {
                states.TryGetValue(h.Connector, out var previous);
                await store.PutConnectorStateAsync(new ConnectorState
                {
                    Name = h.Connector,
                    Type = settings.Find(h.Connector)?.Type ?? "unknown",
                    Status = StatusName(h.Status),
                    LastRun = finished,
                    LastSuccess = h.Status == ConnectorStatus.Failed ? previous?.LastSuccess : finished,
                    LastError = h.FailedCalls.Count > 0 ? h.FailedCalls[0].Operation + ": " + h.FailedCalls[0].Code + ": " + h.FailedCalls[0].Message : null,
                    Assets = h.AssetCount,
                    Edges = h.EdgeCount,
                    FailedCalls = h.FailedCalls,
                }, cancellationToken);
            }

            var (added, modified, removed) = Count(changes);
            run = run with
            {
                Finished = finished,
                Status = ok.Count == result.Connectors.Count ? "ok" : AllFailed(result.Connectors) ? "failed" : "partial",
                Assets = result.Assets.Count,
                Edges = result.Edges.Count,
                Added = added,
                Modified = modified,
                Removed = removed,
                FailedCalls = failed,
            };
            Log.RunFinished(logger, run.Id, run.Status, run.Assets, added, modified, removed, failed.Count);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            Log.RunFailed(logger, run.Id, e);
            run = run with { Finished = time.GetUtcNow(), Status = "failed", Error = e.GetType().Name + ": " + e.Message };
        }

        await store.PutRunAsync(run, CancellationToken.None);
        return run;
    }

    private async Task<Dictionary<string, ConnectorState>> StatesAsync(CancellationToken cancellationToken)
    {
        var map = new Dictionary<string, ConnectorState>(StringComparer.Ordinal);
        foreach (var s in await store.ListConnectorStatesAsync(cancellationToken))
        {
            map[s.Name] = s;
        }

        return map;
    }

    private static List<DiscoveryConnectorSettings> Due(IReadOnlyList<DiscoveryConnectorSettings> connectors, Dictionary<string, ConnectorState> states, DateTimeOffset now)
    {
        var due = new List<DiscoveryConnectorSettings>();
        foreach (var c in connectors)
        {
            // A little slack so a replica whose timer fires a moment early does not skip a whole interval.
            if (!states.TryGetValue(c.Name, out var s) || s.LastRun is not { } last || last + c.Interval - TimeSpan.FromSeconds(5) <= now)
            {
                due.Add(c);
            }
        }

        return due;
    }

    /// <summary>
    /// Keeps the sources of connectors that did not take part in this run (an asset seen by LiteLLM and the gateway
    /// stays seen by both after a LiteLLM-only run), in ordinal order so that order never counts as a change.
    /// </summary>
    private static List<Asset> MergeSources(IReadOnlyList<Asset> current, IReadOnlyList<Asset> previous, List<string> ran)
    {
        var before = new Dictionary<string, Asset>(previous.Count, StringComparer.Ordinal);
        foreach (var a in previous)
        {
            before[a.Id] = a;
        }

        var merged = new List<Asset>(current.Count);
        foreach (var a in current)
        {
            var sources = new SortedSet<string>(a.Sources, StringComparer.Ordinal);
            if (before.TryGetValue(a.Id, out var old))
            {
                foreach (var s in old.Sources)
                {
                    if (!ran.Contains(s))
                    {
                        sources.Add(s);
                    }
                }
            }

            merged.Add(a with { Sources = [.. sources] });
        }

        return merged;
    }

    private static (int Added, int Modified, int Removed) Count(ChangeSet changes)
    {
        int added = 0, modified = 0, removed = 0;
        foreach (var c in changes.Changes)
        {
            switch (c.Kind)
            {
                case ChangeKind.Added:
                    added++;
                    break;
                case ChangeKind.Modified:
                    modified++;
                    break;
                default:
                    removed++;
                    break;
            }
        }

        return (added, modified, removed);
    }

    private static bool AllFailed(IReadOnlyList<ConnectorHealth> health)
    {
        foreach (var h in health)
        {
            if (h.Status != ConnectorStatus.Failed)
            {
                return false;
            }
        }

        return health.Count > 0;
    }

    private static string StatusName(ConnectorStatus s) => s switch
    {
        ConnectorStatus.Ok => "ok",
        ConnectorStatus.Partial => "partial",
        _ => "failed",
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 60, EventName = "DiscoveryRunStarted", Level = LogLevel.Information, Message = "discovery: run {RunId} ({Trigger}) started: {Connectors}")]
        public static partial void RunStarted(ILogger logger, string runId, string trigger, string connectors);

        [LoggerMessage(EventId = 61, EventName = "DiscoveryRunFinished", Level = LogLevel.Information,
            Message = "discovery: run {RunId} {Status}: {Assets} assets, {Added} added, {Modified} modified, {Removed} removed, {FailedCalls} failed calls")]
        public static partial void RunFinished(ILogger logger, string runId, string status, int assets, int added, int modified, int removed, int failedCalls);

        [LoggerMessage(EventId = 62, EventName = "DiscoveryRunFailed", Level = LogLevel.Error, Message = "discovery: run {RunId} failed")]
        public static partial void RunFailed(ILogger logger, string runId, Exception exception);

        [LoggerMessage(EventId = 93, EventName = "DiscoveryListenerFailed", Level = LogLevel.Error, Message = "discovery: run {RunId} was stored, but evaluating what it changed failed")]
        public static partial void ListenerFailed(ILogger logger, string runId, Exception exception);

        [LoggerMessage(EventId = 63, EventName = "DiscoveryLeaseHeld", Level = LogLevel.Debug, Message = "discovery: another replica holds the scan lease; {Trigger} run skipped")]
        public static partial void LeaseHeld(ILogger logger, string trigger);
    }
}
