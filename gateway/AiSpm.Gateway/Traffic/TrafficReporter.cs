using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text.Json;
using AiSpm.Contracts;

namespace AiSpm.Gateway.Traffic;

/// <summary>
/// Every few seconds drains the closed minutes of <see cref="TrafficRecorder"/> and posts them to the admin service
/// (<c>POST /spm/api/traffic:batch</c>, gzip JSON, the gateway's token). What the admin does not take yet waits in
/// memory up to <see cref="MaxPending"/> summaries (about a day of a busy gateway's rows); past that the oldest are
/// let go and counted in <see cref="Dropped"/> and the log, never silently. A summary sent twice replaces itself.
/// </summary>
internal sealed partial class TrafficReporter(TrafficRecorder recorder, Uri adminBaseUrl, string? token, string gatewayId, ILogger<TrafficReporter> logger, TimeSpan? interval = null)
    : BackgroundService
{
    public const int MaxPending = 200_000;
    private const int MaxPerBatch = 1_000;

    private readonly List<TrafficSummary> _pending = [];
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(15) };
    private readonly Uri _endpoint = new(adminBaseUrl, "/spm/api/traffic:batch");
    private long _sent, _dropped, _failures;

    public long Sent => Interlocked.Read(ref _sent);

    public long Dropped => Interlocked.Read(ref _dropped);

    public long Failures => Interlocked.Read(ref _failures);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval ?? TimeSpan.FromSeconds(10));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await FlushAsync(all: false, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        // The open minutes go too: a gateway that stops mid-minute still reports what it served.
        using var last = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await FlushAsync(all: true, last.Token).ConfigureAwait(false);
        if (_pending.Count > 0)
        {
            LogUnsentAtStop(logger, _pending.Count);
        }
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    /// <summary>Drains the recorder and sends what waits, in batches, oldest first; stops at the first failure.</summary>
    internal async Task FlushAsync(bool all, CancellationToken cancellationToken)
    {
        _pending.AddRange(recorder.Drain(all));
        if (_pending.Count > MaxPending)
        {
            var over = _pending.Count - MaxPending;
            _pending.RemoveRange(0, over);
            Interlocked.Add(ref _dropped, over);
            LogDropped(logger, over);
        }

        while (_pending.Count > 0)
        {
            var count = Math.Min(MaxPerBatch, _pending.Count);
            var batch = new TrafficBatch { GatewayId = gatewayId, Summaries = _pending.GetRange(0, count).ToArray() };
            if (!await SendAsync(batch, cancellationToken).ConfigureAwait(false))
            {
                Interlocked.Increment(ref _failures);
                return;
            }

            _pending.RemoveRange(0, count);
            Interlocked.Add(ref _sent, count);
        }
    }

    private async Task<bool> SendAsync(TrafficBatch batch, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            JsonSerializer.Serialize(gzip, batch, ContractsJsonContext.Default.TrafficBatch);
        }

        using var content = new ByteArrayContent(buffer.GetBuffer(), 0, (int)buffer.Length);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add("gzip");
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        try
        {
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return true;
            }

            LogRefused(logger, (int)response.StatusCode, batch.Summaries.Length);
            return false;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            LogUnavailable(logger, e.Message);
            return false;
        }
    }

    [LoggerMessage(EventId = 2800, EventName = "TrafficAdminUnavailable", Level = LogLevel.Warning,
        Message = "traffic summaries: the admin service is unavailable ({Reason}); they wait in memory and are sent later")]
    private static partial void LogUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 2801, EventName = "TrafficRefused", Level = LogLevel.Warning,
        Message = "traffic summaries: the admin service answered {Status} to a batch of {Count}; it is retried later")]
    private static partial void LogRefused(ILogger logger, int status, int count);

    [LoggerMessage(EventId = 2802, EventName = "TrafficDropped", Level = LogLevel.Error,
        Message = "traffic summaries: {Count} of the oldest were let go, more than the pending cap waited for the admin service")]
    private static partial void LogDropped(ILogger logger, int count);

    [LoggerMessage(EventId = 2803, EventName = "TrafficUnsentAtStop", Level = LogLevel.Warning,
        Message = "traffic summaries: {Count} could not be sent before the gateway stopped")]
    private static partial void LogUnsentAtStop(ILogger logger, int count);
}
