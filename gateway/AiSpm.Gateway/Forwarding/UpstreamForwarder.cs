using System.Diagnostics;
using System.Net.Sockets;
using AiSpm.Gateway.Enforcement;
using AiSpm.Gateway.Errors;
using AiSpm.Gateway.Logging;
using AiSpm.Gateway.Metrics;
using AiSpm.Gateway.Routing;

namespace AiSpm.Gateway.Forwarding;

/// <summary>The upstream's answer to a forwarded request, or the error that stands for it when none came.</summary>
internal readonly record struct UpstreamSendResult(HttpResponseMessage? Response, GatewayError? Error);

/// <summary>
/// Sends one request upstream byte-exact, headers filtered, within the route's first-byte timeout. A failure comes back
/// as an error value (timeout, refused, reset, bad response), logged and counted, for the caller to answer.
/// </summary>
internal sealed class UpstreamForwarder(GatewayMetrics metrics, ILogger<UpstreamForwarder> logger)
{
    /// <summary>The request to send upstream: the caller disposes it after the response has been relayed.</summary>
    public static HttpRequestMessage CreateRequest(
        HttpContext context,
        EndpointKind kind,
        UpstreamTarget target,
        ReadOnlyMemory<byte>? body,
        TraceIds trace,
        bool scannedResponse,
        bool fromTrustedProxy)
    {
        var upstreamRequest = new HttpRequestMessage(new HttpMethod(context.Request.Method), target.BuildUri(kind, context.Request.Path.Value ?? "", context.Request.QueryString))
        {
            Version = System.Net.HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrHigher,
        };
        if (body is { } bytes)
        {
            upstreamRequest.Content = new ReadOnlyMemoryContent(bytes);
            upstreamRequest.Content.Headers.ContentLength = bytes.Length;
        }

        // A scanned response is asked for uncompressed (identity), so its text can be read.
        HeaderForwarder.CopyRequestHeaders(context, upstreamRequest, target, trace, identityEncoding: scannedResponse, fromTrustedProxy: fromTrustedProxy);
        return upstreamRequest;
    }

    public async Task<UpstreamSendResult> SendAsync(HttpContext context, EndpointKind kind, UpstreamTarget target, HttpRequestMessage request, CancellationTokenSource timeout)
    {
        timeout.CancelAfter(target.Options.FirstByteTimeoutMs);
        var sent = Stopwatch.GetTimestamp();
        try
        {
            var response = await target.Invoker.SendAsync(request, timeout.Token).ConfigureAwait(false);
            metrics.UpstreamTime(kind, Stopwatch.GetTimestamp() - sent);
            return new UpstreamSendResult(response, null);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            var error = ClassifySendFailure(e, metrics);
            Log.UpstreamFailed(logger, target.Name, Endpoints.Label(kind), error.Code, e is OperationCanceledException ? null : e);
            return new UpstreamSendResult(null, error);
        }
    }

    /// <summary>What a failed send stands for (timeout, refused, reset, bad response), counted; shared with the Bedrock path.</summary>
    public static GatewayError ClassifySendFailure(Exception e, GatewayMetrics metrics)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is TimeoutException or OperationCanceledException)
            {
                metrics.Count(MetricNames.UpstreamTimeout);
                return GatewayError.UpstreamTimeout;
            }

            if (inner is SocketException)
            {
                metrics.Count(MetricNames.UpstreamConnectError);
                return GatewayError.UpstreamUnavailable;
            }
        }

        // An answer that is not HTTP, or whose head is over the client's limits, is the upstream's fault, not the network's.
        if (e is HttpRequestException { HttpRequestError: HttpRequestError.InvalidResponse or HttpRequestError.ConfigurationLimitExceeded })
        {
            metrics.Count(MetricNames.UpstreamBadResponse);
            return GatewayError.UpstreamBadResponse;
        }

        metrics.Count(MetricNames.UpstreamReset);
        return GatewayError.UpstreamUnavailable;
    }
}
