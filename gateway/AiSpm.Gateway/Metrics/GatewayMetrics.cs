using System.Collections.Concurrent;
using AiSpm.Gateway.Routing;

namespace AiSpm.Gateway.Metrics;

/// <summary>
/// The gateway's counters. Recording is a few interlocked operations on arrays indexed by endpoint and status,
/// so the request path allocates nothing; the text is only built when /metrics is scraped.
/// </summary>
internal sealed class GatewayMetrics
{
    private const int EndpointCount = (int)EndpointKind.Models + 1;
    private const int StatusCount = 600;

    private readonly long[] _requests = new long[EndpointCount * StatusCount];
    private readonly LatencyHistogram[] _total = NewHistograms();
    private readonly LatencyHistogram[] _upstream = NewHistograms();
    private readonly ConcurrentDictionary<string, long[]> _labelled = new(StringComparer.Ordinal);
    private readonly List<Action<PrometheusTextWriter>> _collectors = [];
    private long _bytesIn;
    private long _bytesOut;
    private long _activeStreams;
    private long _activeRequests;

    public long ActiveRequests => Volatile.Read(ref _activeRequests);

    public void RequestStarted() => Interlocked.Increment(ref _activeRequests);

    public void RequestFinished(EndpointKind endpoint, int status, long elapsedTicks)
    {
        Interlocked.Decrement(ref _activeRequests);
        var code = (uint)status < StatusCount ? status : 0;
        Interlocked.Increment(ref _requests[((int)endpoint * StatusCount) + code]);
        _total[(int)endpoint].Record(elapsedTicks);
    }

    public void UpstreamTime(EndpointKind endpoint, long elapsedTicks) => _upstream[(int)endpoint].Record(elapsedTicks);

    public void BytesIn(long count) => Interlocked.Add(ref _bytesIn, count);

    public void BytesOut(long count) => Interlocked.Add(ref _bytesOut, count);

    public void StreamStarted() => Interlocked.Increment(ref _activeStreams);

    public void StreamEnded() => Interlocked.Decrement(ref _activeStreams);

    /// <summary>Counts an event under a small, bounded label set (for example an error kind or a rule category).</summary>
    public void Count(string series, long by = 1) =>
        Interlocked.Add(ref _labelled.GetOrAdd(series, static _ => new long[1])[0], by);

    /// <summary>Lets another component (the event hand-off) export its own series.</summary>
    public void AddCollector(Action<PrometheusTextWriter> collector)
    {
        lock (_collectors)
        {
            _collectors.Add(collector);
        }
    }

    public void WriteTo(PrometheusTextWriter writer)
    {
        writer.Header("aispm_gateway_requests_total", "counter", "Requests by route and status.");
        for (var e = 0; e < EndpointCount; e++)
        {
            var route = Endpoints.Label((EndpointKind)e);
            for (var s = 0; s < StatusCount; s++)
            {
                var count = Volatile.Read(ref _requests[(e * StatusCount) + s]);
                if (count > 0)
                {
                    writer.Sample("aispm_gateway_requests_total", count, $"route=\"{route}\",status=\"{s}\"");
                }
            }
        }

        writer.Header("aispm_gateway_request_duration_seconds", "histogram", "Total time in the gateway per request.");
        for (var e = 0; e < EndpointCount; e++)
        {
            _total[e].WriteTo(writer, "aispm_gateway_request_duration_seconds", $"route=\"{Endpoints.Label((EndpointKind)e)}\"");
        }

        writer.Header("aispm_gateway_upstream_duration_seconds", "histogram", "Time from sending upstream to the response headers.");
        for (var e = 0; e < EndpointCount; e++)
        {
            _upstream[e].WriteTo(writer, "aispm_gateway_upstream_duration_seconds", $"route=\"{Endpoints.Label((EndpointKind)e)}\"");
        }

        writer.Header("aispm_gateway_bytes_in_total", "counter", "Request body bytes received from clients.");
        writer.Sample("aispm_gateway_bytes_in_total", Volatile.Read(ref _bytesIn));
        writer.Header("aispm_gateway_bytes_out_total", "counter", "Response body bytes sent to clients.");
        writer.Sample("aispm_gateway_bytes_out_total", Volatile.Read(ref _bytesOut));
        writer.Header("aispm_gateway_active_streams", "gauge", "SSE streams being relayed now.");
        writer.Sample("aispm_gateway_active_streams", Volatile.Read(ref _activeStreams));
        writer.Header("aispm_gateway_active_requests", "gauge", "Requests in flight now.");
        writer.Sample("aispm_gateway_active_requests", Volatile.Read(ref _activeRequests));
        WriteLabelled(writer);

        lock (_collectors)
        {
            foreach (var collector in _collectors)
            {
                collector(writer);
            }
        }
    }

    private void WriteLabelled(PrometheusTextWriter writer)
    {
        // Series are "name{labels}"; group headers by name.
        var names = new SortedDictionary<string, List<(string Labels, long Value)>>(StringComparer.Ordinal);
        foreach (var (series, value) in _labelled)
        {
            var brace = series.IndexOf('{', StringComparison.Ordinal);
            var name = brace < 0 ? series : series[..brace];
            var labels = brace < 0 ? "" : series[(brace + 1)..^1];
            if (!names.TryGetValue(name, out var list))
            {
                names[name] = list = [];
            }

            list.Add((labels, Volatile.Read(ref value[0])));
        }

        foreach (var (name, samples) in names)
        {
            writer.Header(name, "counter", "AiSpm gateway counter.");
            foreach (var (labels, value) in samples)
            {
                writer.Sample(name, value, labels);
            }
        }
    }

    private static LatencyHistogram[] NewHistograms()
    {
        var histograms = new LatencyHistogram[EndpointCount];
        for (var i = 0; i < histograms.Length; i++)
        {
            histograms[i] = new LatencyHistogram();
        }

        return histograms;
    }
}
