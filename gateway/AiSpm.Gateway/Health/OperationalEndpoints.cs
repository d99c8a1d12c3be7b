using System.Buffers;
using AiSpm.Gateway.Enforcement;
using AiSpm.Gateway.Metrics;

namespace AiSpm.Gateway.Health;

/// <summary>/healthz (the process answers), /readyz (a rule database is loaded and we are not stopping), /metrics.</summary>
internal sealed class OperationalEndpoints(GatewayMetrics metrics, InspectorHolder inspectors, IHostApplicationLifetime lifetime)
{
    public static bool Handles(PathString path) => path == "/healthz" || path == "/readyz" || path == "/metrics";

    public async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path;
        var response = context.Response;
        if (path == "/healthz")
        {
            await WriteTextAsync(response, 200, "ok\n"u8.ToArray()).ConfigureAwait(false);
            return;
        }

        if (path == "/readyz")
        {
            var ready = !lifetime.ApplicationStopping.IsCancellationRequested && inspectors.Current.Inspector is not null;
            await WriteTextAsync(response, ready ? 200 : 503, ready ? "ready\n"u8.ToArray() : "stopping\n"u8.ToArray()).ConfigureAwait(false);
            return;
        }

        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        metrics.WriteTo(new PrometheusTextWriter(buffer));
        response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task WriteTextAsync(HttpResponse response, int status, byte[] body)
    {
        response.StatusCode = status;
        response.ContentType = "text/plain";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body).ConfigureAwait(false);
    }
}
