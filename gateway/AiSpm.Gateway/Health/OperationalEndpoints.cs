using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using AiSpm.Gateway.Configuration;
using AiSpm.Gateway.Enforcement;
using AiSpm.Gateway.Metrics;
using AiSpm.Gateway.RulePacks;

namespace AiSpm.Gateway.Health;

/// <summary>
/// /healthz (the process answers), /readyz (a rule database is loaded and we are not stopping; its JSON body says
/// which rule set is in force and how the last reload went, to callers <see cref="ManagementAccess"/> lets see it),
/// /metrics.
/// </summary>
internal sealed class OperationalEndpoints(GatewayOptions options, GatewayMetrics metrics, InspectorHolder inspectors, RulePackReloader reloader, IHostApplicationLifetime lifetime)
{
    private readonly ManagementAccess _access = ManagementAccess.From(options);

    public static bool Handles(PathString path) => path == "/healthz" || path == "/readyz" || path == "/metrics";

    public async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path;
        var response = context.Response;
        if (path == "/healthz")
        {
            await WriteAsync(response, 200, "text/plain", "ok\n"u8.ToArray()).ConfigureAwait(false);
            return;
        }

        if (path == "/readyz")
        {
            var ready = !lifetime.ApplicationStopping.IsCancellationRequested && inspectors.Current.Inspector is not null;
            var body = _access.MayReadDetails(context.Request) ? Readiness(ready) : (ready ? """{"status":"ready"}"""u8 : """{"status":"stopping"}"""u8).ToArray();
            await WriteAsync(response, ready ? 200 : 503, "application/json", body).ConfigureAwait(false);
            return;
        }

        if (!_access.MayReadMetrics(context.Request))
        {
            await Errors.ErrorWriter.WriteAsync(context, Errors.GatewayError.ManagementTokenRequired).ConfigureAwait(false);
            return;
        }

        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        metrics.WriteTo(new PrometheusTextWriter(buffer));
        response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    private ReadOnlyMemory<byte> Readiness(bool ready)
    {
        // Reads managed metadata only, so no lease is needed even if the stack is swapped out meanwhile.
        var inspector = inspectors.Current.Inspector;
        var status = reloader.Status;
        var buffer = new ArrayBufferWriter<byte>(1024);
        // Relaxed escaping: rule versions ("1.0.0+ab12") and regexes in errors stay readable with curl, and the body is
        // served as application/json, never into HTML.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("status"u8, ready ? "ready"u8 : "stopping"u8);
            json.WriteStartObject("rules"u8);
            json.WriteString("version"u8, inspector.PackVersion);
            json.WriteString("engine"u8, inspector.EngineName);
            json.WriteNumber("count"u8, inspector.Rules.Count);
            WriteList(json, "packs"u8, inspector.Packs);
            WriteList(json, "availablePacks"u8, inspector.AvailablePacks);
            json.WriteStartObject("lastReload"u8);
            json.WriteString("result"u8, status.Result);
            if (status.At is { } at)
            {
                json.WriteString("at"u8, at.ToString("O", CultureInfo.InvariantCulture));
            }

            WriteList(json, "errors"u8, status.Errors);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    private static void WriteList(Utf8JsonWriter json, ReadOnlySpan<byte> name, IReadOnlyList<string> items)
    {
        json.WriteStartArray(name);
        foreach (var item in items)
        {
            json.WriteStringValue(item);
        }

        json.WriteEndArray();
    }

    private static async Task WriteAsync(HttpResponse response, int status, string contentType, ReadOnlyMemory<byte> body)
    {
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body).ConfigureAwait(false);
    }
}
