using System.Diagnostics;
using AiSpm.Gateway.Configuration;
using AiSpm.Gateway.Errors;
using AiSpm.Gateway.Logging;
using AiSpm.Gateway.Metrics;
using AiSpm.Gateway.Routing;

namespace AiSpm.Gateway.Forwarding;

/// <summary>Writes a gateway error in one path's dialect (OpenAI JSON, or AWS's for the Bedrock runtime).</summary>
internal delegate Task ErrorResponder(HttpContext context, GatewayError error);

/// <summary>
/// What every inspected path does around its own work: the concurrency cap, request metrics, a client that went away,
/// and an unexpected exception answered as an error instead of a dropped connection. One copy, so the guardrail API
/// and the Bedrock runtime are capped and counted exactly like the proxy.
/// </summary>
internal sealed class RequestAdmission(GatewayOptions options, GatewayMetrics metrics, Traffic.TrafficRecorder traffic, ILogger<RequestAdmission> logger)
{
    public async Task RunAsync<TState>(
        HttpContext context,
        EndpointKind kind,
        string label,
        TState state,
        Func<HttpContext, TState, Task> process,
        ErrorResponder writeError)
    {
        var started = Stopwatch.GetTimestamp();
        metrics.RequestStarted();
        var tag = traffic.Enabled ? new Traffic.TrafficTag() : null;
        if (tag is not null)
        {
            context.Features.Set(tag);
        }

        try
        {
            if (metrics.ActiveRequests > options.Limits.MaxConcurrentRequests)
            {
                await writeError(context, GatewayError.OverCapacity).ConfigureAwait(false);
                return;
            }

            await process(context, state).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            metrics.Count(MetricNames.ClientAborted);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            Log.Unhandled(logger, label, e);
            // Once the response has started, both writers abort the connection: the client sees a cut, not a 200.
            await writeError(context, GatewayError.Internal).ConfigureAwait(false);
        }
        finally
        {
            var elapsed = Stopwatch.GetTimestamp() - started;
            metrics.RequestFinished(kind, context.Response.StatusCode, elapsed);
            if (tag is not null)
            {
                traffic.Record(tag, context.Response.StatusCode, elapsed);
            }
        }
    }
}
