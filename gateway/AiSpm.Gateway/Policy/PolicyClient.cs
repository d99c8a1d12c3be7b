using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AiSpm.Contracts;

namespace AiSpm.Gateway.Policy;

/// <summary>
/// The gateway's side of the control path. Polls the admin service's policy with If-None-Match (an unchanged policy
/// costs a 304), swaps a new one in atomically, and keeps the last good one on disk: a gateway that starts while the
/// admin service is away runs with the policy it had, and one that loses the admin service keeps its current one.
/// </summary>
internal sealed partial class PolicyClient : IAsyncDisposable
{
    private readonly PolicyClientOptions _options;
    private readonly ILogger _logger;
    private readonly HttpClient _http;
    private readonly Uri _uri;
    private readonly CancellationTokenSource _stop = new();
    private GatewayPolicy _current = GatewayPolicy.Default;
    private Task _loop = Task.CompletedTask;
    private long _polls;
    private long _updates;
    private long _failures;
    private int _reachable = -1;

    private PolicyClient(PolicyClientOptions options, ILoggerFactory loggerFactory, HttpMessageHandler? handler)
    {
        _options = options;
        _logger = loggerFactory.CreateLogger("AiSpm.Gateway.Policy.PolicyClient");
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.Timeout = Timeout.InfiniteTimeSpan;
        _uri = new Uri(options.AdminBaseUrl, "/spm/api/policies");
    }

    /// <summary>The policy in force; replaced as a whole, never mutated.</summary>
    public GatewayPolicy Current => Volatile.Read(ref _current);

    /// <summary>Raised after <see cref="Current"/> changed (on the polling thread).</summary>
    public event Action<GatewayPolicy>? Changed;

    public long Polls => Interlocked.Read(ref _polls);
    public long Updates => Interlocked.Read(ref _updates);
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Loads the cached policy (if any) synchronously, then starts polling.</summary>
    public static PolicyClient Start(PolicyClientOptions options, ILoggerFactory loggerFactory, HttpMessageHandler? handler = null)
    {
        var client = new PolicyClient(options, loggerFactory, handler);
        client.LoadCache();
        client._loop = Task.Run(client.RunAsync);
        return client;
    }

    /// <summary>Fetches once now (used by tests and at start-up); true when the admin service answered.</summary>
    public async Task<bool> PollOnceAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _polls);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, _uri);
        if (_options.Token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.Token);
        }

        var current = Current;
        request.Headers.TryAddWithoutValidation("If-None-Match", "\"" + current.Version + "\"");
        try
        {
            using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                MarkReachable(true, 304);
                return true;
            }

            if (!response.IsSuccessStatusCode)
            {
                MarkReachable(false, (int)response.StatusCode);
                return false;
            }

            var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            var policy = JsonSerializer.Deserialize(bytes, ContractsJsonContext.Default.GatewayPolicy);
            if (policy is null || (policy.Mode is not null && !PolicyMode.IsMode(policy.Mode)))
            {
                Log.InvalidPolicy(_logger);
                MarkReachable(false, (int)response.StatusCode);
                return false;
            }

            MarkReachable(true, 200);
            if (policy.Version != current.Version)
            {
                Apply(policy);
                Persist(bytes);
            }

            return true;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or IOException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            MarkReachable(false, 0);
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _http.Dispose();
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var ct = _stop.Token;
        using var timer = new PeriodicTimer(_options.PollInterval);
        do
        {
            await PollOnceAsync(ct).ConfigureAwait(false);
        }
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false));
    }

    private void Apply(GatewayPolicy policy)
    {
        Volatile.Write(ref _current, policy);
        Interlocked.Increment(ref _updates);
        Log.Applied(_logger, policy.Version, policy.Mode ?? "(gateway default)");
        try
        {
            Changed?.Invoke(policy);
        }
        catch (Exception ex)
        {
            Log.HandlerFailed(_logger, ex);
        }
    }

    private void LoadCache()
    {
        try
        {
            if (File.Exists(_options.CacheFile))
            {
                if (PolicyCacheFile.Read(_options.CacheFile, _options.Token, out var problem) is not { } json)
                {
                    Log.CacheRefused(_logger, _options.CacheFile, problem!);
                    return;
                }

                var policy = JsonSerializer.Deserialize(json, ContractsJsonContext.Default.GatewayPolicy);
                if (policy is not null)
                {
                    Volatile.Write(ref _current, policy);
                    Log.LoadedCache(_logger, policy.Version, _options.CacheFile);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            Log.CacheUnreadable(_logger, _options.CacheFile, ex);
        }
    }

    private void Persist(byte[] json)
    {
        try
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(_options.CacheFile))!;
            Directory.CreateDirectory(dir);
            PolicyCacheFile.Write(_options.CacheFile, json, _options.Token);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.CacheUnwritable(_logger, _options.CacheFile, ex);
        }
    }

    private void MarkReachable(bool reachable, int status)
    {
        if (!reachable)
        {
            Interlocked.Increment(ref _failures);
        }

        // Log transitions only: a gateway polling a down admin every second must not flood its log.
        var now = reachable ? 1 : 0;
        if (Interlocked.Exchange(ref _reachable, now) != now)
        {
            if (reachable)
            {
                Log.Reachable(_logger, _uri.ToString());
            }
            else
            {
                Log.Unreachable(_logger, _uri.ToString(), status, Current.Version);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 420, EventName = "PolicyApplied", Level = LogLevel.Information, Message = "policy version {Version} applied (mode {Mode})")]
        public static partial void Applied(ILogger logger, string version, string mode);

        [LoggerMessage(EventId = 421, EventName = "PolicyUnreachable", Level = LogLevel.Warning,
            Message = "cannot fetch the policy from {Url} (status {Status}); keeping version {Version}")]
        public static partial void Unreachable(ILogger logger, string url, int status, string version);

        [LoggerMessage(EventId = 422, EventName = "PolicyReachable", Level = LogLevel.Information, Message = "policy source {Url} answers")]
        public static partial void Reachable(ILogger logger, string url);

        [LoggerMessage(EventId = 423, EventName = "PolicyCacheLoaded", Level = LogLevel.Information, Message = "starting from cached policy version {Version} ({File})")]
        public static partial void LoadedCache(ILogger logger, string version, string file);

        [LoggerMessage(EventId = 424, EventName = "PolicyCacheUnreadable", Level = LogLevel.Warning, Message = "cannot read the cached policy {File}; starting from the built-in default")]
        public static partial void CacheUnreadable(ILogger logger, string file, Exception ex);

        [LoggerMessage(EventId = 428, EventName = "PolicyCacheRefused", Level = LogLevel.Error,
            Message = "refusing the cached policy {File}: {Problem}; starting from the built-in default until the admin service answers")]
        public static partial void CacheRefused(ILogger logger, string file, string problem);

        [LoggerMessage(EventId = 425, EventName = "PolicyCacheUnwritable", Level = LogLevel.Warning, Message = "cannot write the policy cache {File}")]
        public static partial void CacheUnwritable(ILogger logger, string file, Exception ex);

        [LoggerMessage(EventId = 426, EventName = "PolicyInvalid", Level = LogLevel.Error, Message = "the admin service sent a policy this gateway cannot use; keeping the current one")]
        public static partial void InvalidPolicy(ILogger logger);

        [LoggerMessage(EventId = 427, EventName = "PolicyHandlerFailed", Level = LogLevel.Error, Message = "a policy change handler failed")]
        public static partial void HandlerFailed(ILogger logger, Exception ex);
    }
}
