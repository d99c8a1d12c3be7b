using System.Diagnostics;
using System.Threading.Channels;
using AiSpm.Contracts;
using AiSpm.Detection;
using AiSpm.Detection.Rules;
using AiSpm.Gateway.Configuration;
using AiSpm.Gateway.Enforcement;
using AiSpm.Gateway.Metrics;

namespace AiSpm.Gateway.RulePacks;

/// <summary>
/// Keeps the detector stack in step with the rules folder and the policy's EnabledRulePacks. A file event (debounced)
/// or the periodic check wakes a background loop, which compiles a new <see cref="Inspector"/> off the request path
/// and swaps it in through <see cref="InspectorHolder"/>. A set that fails to load is refused with every error logged,
/// and the stack in force stays.
/// </summary>
internal sealed partial class RulePackReloader : IHostedService, IDisposable
{
    private readonly GatewayOptions _options;
    private readonly InspectorHolder _holder;
    private readonly PolicyState _policy;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Channel<byte> _signal = Channel.CreateBounded<byte>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private string[] _requestedPacks;
    private string[] _attemptedPacks;
    private ulong? _attemptedFingerprint;
    private RuleReloadStatus _status = RuleReloadStatus.None;
    private FileSystemWatcher? _watcher;
    private Task _loop = Task.CompletedTask;
    private long _swapped;
    private long _refused;

    /// <param name="baseline">The folder digest and pack list the start-up stack was built from.</param>
    public RulePackReloader(GatewayOptions options, InspectorHolder holder, PolicyState policy, GatewayMetrics metrics, ILoggerFactory loggerFactory, Baseline baseline)
    {
        _options = options;
        _holder = holder;
        _policy = policy;
        _logger = loggerFactory.CreateLogger("AiSpm.Gateway.RulePacks.RulePackReloader");
        _requestedPacks = baseline.Packs;
        _attemptedPacks = baseline.Packs;
        _attemptedFingerprint = baseline.Fingerprint;
        metrics.AddCollector(WriteMetrics);
        _policy.Changed += OnPolicyChanged;
        // The admin's cached policy may already be applied, with a pack list the start-up stack was not built with.
        OnPolicyChanged(_policy.Current);
    }

    public RuleReloadStatus Status => Volatile.Read(ref _status);

    public long Swapped => Interlocked.Read(ref _swapped);

    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>The inspector options for a pack list; shared with start-up so both build the same stack.</summary>
    public static InspectorOptions InspectorOptionsFor(GatewayOptions options, string[] packs) => new()
    {
        RulesDirectory = options.RulesDirectory,
        ScorerPath = options.ScorerPath,
        Engine = Enum.Parse<EngineKind>(options.Engine, ignoreCase: true),
        HighRiskTools = options.HighRiskTools,
        EnabledPacks = packs,
    };

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_options.RulesReload.Enabled)
        {
            return Task.CompletedTask;
        }

        _watcher = StartWatcher();
        _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _watcher?.Dispose();
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // A compile in progress is abandoned with the process.
        }
    }

    public void Dispose()
    {
        _policy.Changed -= OnPolicyChanged;
        _watcher?.Dispose();
        _stop.Dispose();
    }

    /// <summary>Wakes the loop: something in the folder or the policy may have changed.</summary>
    public void Signal() => _signal.Writer.TryWrite(0);

    /// <summary>
    /// Rebuilds and swaps when the folder's content or the enabled packs differ from the last attempt. Runs on the
    /// background loop (and directly in tests); never on the request path.
    /// </summary>
    public RuleReloadOutcome Check()
    {
        lock (_gate)
        {
            var packs = Volatile.Read(ref _requestedPacks);
            var fingerprint = RulesFingerprint.Compute(_options.RulesDirectory);
            if (fingerprint is null || (fingerprint == _attemptedFingerprint && PackList.SameAs(packs, _attemptedPacks)))
            {
                return RuleReloadOutcome.Unchanged;
            }

            // Recorded before the attempt: a refused folder is not recompiled every poll, only when it changes again.
            _attemptedFingerprint = fingerprint;
            _attemptedPacks = packs;
            var started = Stopwatch.GetTimestamp();
            Inspector next;
            try
            {
                next = Inspector.Load(InspectorOptionsFor(_options, packs));
            }
            catch (RulePackException e)
            {
                Refuse(e.Errors);
                return RuleReloadOutcome.Refused;
            }
            catch (Exception e)
            {
                // A background rebuild must never take the gateway down, whatever the engine or the disk throws.
                Log.ReloadFailed(_logger, e);
                Refuse([e.Message]);
                return RuleReloadOutcome.Refused;
            }

            ReportUnknownPacks(packs, next.AvailablePacks);
            _holder.Swap(next);
            Interlocked.Increment(ref _swapped);
            Volatile.Write(ref _status, new RuleReloadStatus("ok", DateTimeOffset.UtcNow, []));
            Log.Reloaded(_logger, next.PackVersion, next.Rules.Count, string.Join(',', next.Packs), (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return RuleReloadOutcome.Swapped;
        }
    }

    /// <summary>Logs the pack names of a start-up pack list the folder does not have (the loop logs its own).</summary>
    public void ReportUnknownPacks(string[] requested, IReadOnlyList<string> available)
    {
        if (requested.Length == 0)
        {
            return;
        }

        var known = 0;
        foreach (var pack in requested)
        {
            if (Contains(available, pack))
            {
                known++;
            }
            else
            {
                Log.UnknownPack(_logger, pack);
            }
        }

        if (known == 0)
        {
            Log.NoKnownPack(_logger);
        }
    }

    private void OnPolicyChanged(GatewayPolicy policy)
    {
        var packs = PackList.Normalize(policy.EnabledRulePacks);
        if (!PackList.SameAs(packs, Volatile.Read(ref _requestedPacks)))
        {
            Volatile.Write(ref _requestedPacks, packs);
            Log.PacksRequested(_logger, policy.Version, packs.Length == 0 ? "(all)" : string.Join(',', packs));
            Signal();
        }
    }

    private void Refuse(IReadOnlyList<string> errors)
    {
        Interlocked.Increment(ref _refused);
        Volatile.Write(ref _status, new RuleReloadStatus("refused", DateTimeOffset.UtcNow, errors));
        Log.Refused(_logger, errors.Count, _holder.Current.Inspector.PackVersion);
        foreach (var error in errors)
        {
            Log.RuleError(_logger, error);
        }
    }

    private FileSystemWatcher? StartWatcher()
    {
        try
        {
            // No name filter: editors save through temporary names and renames, and a Kubernetes ConfigMap swaps a
            // "..data" symlink. The content digest decides whether anything that matters changed.
            var watcher = new FileSystemWatcher(_options.RulesDirectory)
            {
                IncludeSubdirectories = false,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            watcher.Changed += OnFileEvent;
            watcher.Created += OnFileEvent;
            watcher.Deleted += OnFileEvent;
            watcher.Renamed += OnFileEvent;
            watcher.Error += OnWatcherError;
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            // inotify limits, a vanished folder: the periodic check still finds every change, only later.
            Log.WatcherUnavailable(_logger, _options.RulesDirectory, _options.RulesReload.PollIntervalMs, e);
            return null;
        }
    }

    private void OnFileEvent(object sender, FileSystemEventArgs e) => Signal();

    // A lost event (overflowed inotify queue) may have been a change.
    private void OnWatcherError(object sender, ErrorEventArgs e) => Signal();

    private async Task RunAsync(CancellationToken stop)
    {
        var poll = TimeSpan.FromMilliseconds(_options.RulesReload.PollIntervalMs);
        var debounce = TimeSpan.FromMilliseconds(_options.RulesReload.DebounceMs);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (await WaitForSignalAsync(poll, stop).ConfigureAwait(false))
                {
                    // Wait for quiet: a copy of several packs, or an editor's write-then-rename, is compiled once.
                    while (await WaitForSignalAsync(debounce, stop).ConfigureAwait(false))
                    {
                    }
                }

                Check();
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>True when signalled within <paramref name="timeout"/>; false when it elapsed.</summary>
    private async Task<bool> WaitForSignalAsync(TimeSpan timeout, CancellationToken stop)
    {
        if (_signal.Reader.TryRead(out _))
        {
            return true;
        }

        if (timeout <= TimeSpan.Zero)
        {
            return false;
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stop);
        wait.CancelAfter(timeout);
        try
        {
            await _signal.Reader.WaitToReadAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            return false;
        }

        return _signal.Reader.TryRead(out _);
    }

    private void WriteMetrics(PrometheusTextWriter w)
    {
        const string Reloads = "aispm_gateway_rulepack_reloads_total";
        w.Header(Reloads, "counter", "Rule-set rebuilds after a change to the rules folder or the enabled packs, by result.");
        w.Sample(Reloads, Swapped, "result=\"ok\"");
        w.Sample(Reloads, Refused, "result=\"refused\"");
        var inspector = _holder.Current.Inspector;
        const string Info = "aispm_gateway_rulepack_info";
        w.Header(Info, "gauge", "The rule set in force (always 1; the version and packs are labels).");
        w.Sample(Info, 1, "version=\"" + PrometheusTextWriter.Escape(inspector.PackVersion) + "\",packs=\"" + PrometheusTextWriter.Escape(string.Join(',', inspector.Packs)) + "\"");
        const string Rules = "aispm_gateway_rulepack_rules";
        w.Header(Rules, "gauge", "Rules in the rule set in force, built-in checks included.");
        w.Sample(Rules, inspector.Rules.Count);
    }

    private static bool Contains(IReadOnlyList<string> list, string value)
    {
        foreach (var item in list)
        {
            if (string.Equals(item, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The folder digest and the (normalized) pack list a stack was built from.</summary>
    internal sealed record Baseline(ulong? Fingerprint, string[] Packs);
}
