using AiSpm.MockUpstream.Rendering;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace AiSpm.MockUpstream.Serving;

/// <summary>The request handlers. The common path (no x-mock-* header) reads the body once and copies a cached byte template.</summary>
internal sealed class MockEndpoints(MockOptions options, MockStats stats, ILogger logger)
{
    private const int EventsBeforeFault = 3;

    private static readonly byte[] ModelsBody = """{"object":"list","data":[{"id":"mock-gpt-4o","object":"model","created":1700000000,"owned_by":"aispm-mock"},{"id":"mock-embedding","object":"model","created":1700000000,"owned_by":"aispm-mock"},{"id":"mock-claude","object":"model","created":1700000000,"owned_by":"aispm-mock"}]}"""u8.ToArray();

    public Task ChatCompletions(HttpContext ctx) => HandleAsync(ctx, ApiKind.ChatCompletions);

    public Task Completions(HttpContext ctx) => HandleAsync(ctx, ApiKind.Completions);

    public Task Responses(HttpContext ctx) => HandleAsync(ctx, ApiKind.Responses);

    public Task Embeddings(HttpContext ctx) => HandleAsync(ctx, ApiKind.Embeddings);

    public Task Messages(HttpContext ctx) => HandleAsync(ctx, ApiKind.AnthropicMessages);

    public Task Models(HttpContext ctx)
    {
        ctx.Response.ContentType = "application/json";
        ctx.Response.ContentLength = ModelsBody.Length;
        return ctx.Response.Body.WriteAsync(ModelsBody, ctx.RequestAborted).AsTask();
    }

    /// <summary>
    /// Any other /v1 path: 404 like the real API, with the echo so pass-through can be checked; or, given
    /// x-mock-content, 200 with that text as an Assistants API thread message (or, given x-mock-content-type, as the
    /// raw body of that type), so a test can see what the gateway does with another API's answer.
    /// </summary>
    public async Task Unknown(HttpContext ctx)
    {
        // Counted under its tag too, so a test can show a request to another path never arrived.
        var tagged = stats.ForTag(ctx.Request.Headers["x-mock-tag"]);
        tagged?.Begin();
        tagged?.End(cancelled: false);
        var body = await RequestBody.ReadAsync(ctx.Request.BodyReader, hash: true, ctx.RequestAborted);
        if (ctx.Request.Headers.ContainsKey("x-mock-content") || ctx.Request.Headers.ContainsKey("x-mock-content-base64"))
        {
            var content = Controls.From(ctx.Request.Headers, options).Content ?? "";
            string? type = ctx.Request.Headers["x-mock-content-type"];
            var answer = type is null
                ? System.Text.Json.JsonSerializer.Serialize(new ThreadMessage("msg_mock", "thread.message", "assistant", [new ThreadMessagePart("text", new ThreadMessageText(content))]), MockJson.Default.ThreadMessage)
                : content;
            var bytes = System.Text.Encoding.UTF8.GetBytes(answer);
            ctx.Response.ContentType = type ?? "application/json";
            ctx.Response.ContentLength = bytes.Length;
            await ctx.Response.Body.WriteAsync(bytes, ctx.RequestAborted);
            return;
        }

        var echo = ctx.Request.Headers["x-mock-echo"] == "1" ? Echo.Write(ctx.Request, body) : null;
        await ErrorAsync(ctx, ApiKind.ChatCompletions, StatusCodes.Status404NotFound, "invalid_request_error", "unknown_url", "mock upstream: unknown path " + ctx.Request.Path.Value, echo);
    }

    public Task Stats(HttpContext ctx)
    {
        string? tag = ctx.Request.Query["tag"];
        var c = tag is null ? stats.All : stats.Find(tag) ?? new MockCounters();
        ctx.Response.ContentType = "application/json";
        return ctx.Response.WriteAsync(
            $$"""{"requests":{{c.Requests}},"in_flight":{{c.InFlight}},"completed":{{c.Completed}},"cancelled":{{c.Cancelled}}}""",
            ctx.RequestAborted);
    }

    private async Task HandleAsync(HttpContext ctx, ApiKind endpoint)
    {
        var ct = ctx.RequestAborted;
        Controls controls;
        try
        {
            controls = Controls.From(ctx.Request.Headers, options);
        }
        catch (Exception e) when (e is BadHeaderException or FormatException)
        {
            Log.BadRequest(logger, e.Message);
            await ErrorAsync(ctx, endpoint, StatusCodes.Status400BadRequest, "invalid_request_error", "mock_bad_header", e.Message, null);
            return;
        }

        var tagged = stats.ForTag(controls.Tag);
        stats.All.Begin();
        tagged?.Begin();
        var cancelled = false;
        try
        {
            await ServeAsync(ctx, endpoint, controls, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            cancelled = true;
        }
        catch (IOException) when (ct.IsCancellationRequested)
        {
            cancelled = true;
        }
        finally
        {
            cancelled |= ct.IsCancellationRequested && controls.Fault is not Fault.ResetMidStream;
            stats.All.End(cancelled);
            tagged?.End(cancelled);
        }
    }

    private async Task ServeAsync(HttpContext ctx, ApiKind endpoint, Controls controls, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(ctx.Request.BodyReader, controls.Echo, ct);
        if (controls.LatencyMs > 0)
        {
            await Task.Delay(controls.LatencyMs, ct);
        }

        switch (controls.Fault)
        {
            case Fault.Hang:
                await Task.Delay(Timeout.Infinite, ct);
                return;
            case Fault.SlowFirstByte:
                await Task.Delay(options.SlowFirstByteMs, ct);
                break;
            case Fault.Status500:
                await ErrorAsync(ctx, endpoint, StatusCodes.Status500InternalServerError, "server_error", "mock_fault", "mock upstream fault: status-500", null);
                return;
        }

        if (!body.Valid)
        {
            await ErrorAsync(ctx, endpoint, StatusCodes.Status400BadRequest, "invalid_request_error", "invalid_json", "mock upstream: the request body is not valid JSON", null);
            return;
        }

        var input = new RenderInput(
            endpoint,
            body.Model,
            body.Stream && endpoint != ApiKind.Embeddings,
            body.IncludeUsage,
            controls.Tokens,
            (int)Math.Max(1, body.Length / 4),
            body.Inputs,
            body.Base64,
            body.Dimensions,
            controls.Content,
            controls.ChunkBytes,
            controls.ToolCall);
        var rendered = Renderer.Get(input);
        var response = ctx.Response;
        if (controls.Echo && body.Sha256Hex is not null)
        {
            response.Headers["x-mock-body-sha256"] = body.Sha256Hex;
        }

        if (input.Stream)
        {
            await StreamAsync(ctx, rendered, controls, ct);
            return;
        }

        response.ContentType = "application/json";
        if (controls.Fault == Fault.MalformedJson)
        {
            var half = rendered.Bytes.AsMemory(0, rendered.Bytes.Length / 2);
            response.ContentLength = half.Length;
            await response.Body.WriteAsync(half, ct);
            return;
        }

        if (controls.Echo)
        {
            var echo = Echo.Write(ctx.Request, body);
            var prefix = rendered.Bytes.AsMemory(0, rendered.Bytes.Length - 1);
            response.ContentLength = prefix.Length + EchoPrefix.Length + echo.Length + 1;
            await response.Body.WriteAsync(prefix, ct);
            await response.Body.WriteAsync(EchoPrefix, ct);
            await response.Body.WriteAsync(echo, ct);
            await response.Body.WriteAsync(ClosingBrace, ct);
            return;
        }

        response.ContentLength = rendered.Bytes.Length;
        if (controls.Fault is Fault.ResetMidStream or Fault.StallMidStream)
        {
            await response.Body.WriteAsync(rendered.Bytes.AsMemory(0, rendered.Bytes.Length / 2), ct);
            await response.Body.FlushAsync(ct);
            await CutAsync(ctx, controls.Fault, ct);
            return;
        }

        await response.Body.WriteAsync(rendered.Bytes, ct);
    }

    private static readonly byte[] EchoPrefix = ",\"mock_echo\":"u8.ToArray();
    private static readonly byte[] ClosingBrace = "}"u8.ToArray();

    private static async Task StreamAsync(HttpContext ctx, Rendered rendered, Controls controls, CancellationToken ct)
    {
        var response = ctx.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";

        // Disabling buffering also turns response compression off; a compressing mock streams gzip, flushed per event.
        if (!ctx.Request.Headers.ContainsKey("x-mock-compress"))
        {
            ctx.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        }

        if (controls.Fault == Fault.MalformedJson)
        {
            await response.Body.WriteAsync(rendered.Event(0), ct);
            await response.Body.WriteAsync("data: {\"id\":\"chatcmpl-mock\",\"choices\":[{\"delta\":\n\n"u8.ToArray(), ct);
            await response.Body.WriteAsync(rendered.Event(rendered.EventEnds.Length - 1), ct);
            return;
        }

        var cutAfter = controls.Fault is Fault.ResetMidStream or Fault.StallMidStream
            ? Math.Min(EventsBeforeFault, rendered.EventEnds.Length - 1)
            : -1;
        if (cutAfter < 0 && controls.TokenDelayMs == 0)
        {
            await response.Body.WriteAsync(rendered.Bytes, ct);
            return;
        }

        await response.StartAsync(ct);
        for (var i = 0; i < rendered.EventEnds.Length; i++)
        {
            if (i == cutAfter)
            {
                await CutAsync(ctx, controls.Fault, ct);
                return;
            }

            if (i > 0 && controls.TokenDelayMs > 0)
            {
                await Task.Delay(controls.TokenDelayMs, ct);
            }

            await response.Body.WriteAsync(rendered.Event(i), ct);
            await response.Body.FlushAsync(ct);
        }
    }

    private static async Task CutAsync(HttpContext ctx, Fault fault, CancellationToken ct)
    {
        if (fault == Fault.StallMidStream)
        {
            await Task.Delay(Timeout.Infinite, ct);
            return;
        }

        // Give the bytes already written a moment to leave before the connection is torn down.
        await Task.Delay(50, ct);
        ctx.Abort();
    }

    private static Task ErrorAsync(HttpContext ctx, ApiKind endpoint, int status, string type, string code, string message, byte[]? echo)
    {
        var response = ctx.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        using var b = new ByteBuilder(512);
        if (endpoint == ApiKind.AnthropicMessages)
        {
            b.Write("{\"type\":\"error\",\"error\":{\"type\":"u8);
            b.WriteJsonString(status >= 500 ? "api_error" : type);
            b.Write(",\"message\":"u8);
            b.WriteJsonString(message);
            b.Write("}"u8);
        }
        else
        {
            b.Write("{\"error\":{\"message\":"u8);
            b.WriteJsonString(message);
            b.Write(",\"type\":"u8);
            b.WriteJsonString(type);
            b.Write(",\"param\":null,\"code\":"u8);
            b.WriteJsonString(code);
            b.Write("}"u8);
        }

        if (echo is not null)
        {
            b.Write(EchoPrefix);
            b.Write(echo);
        }

        b.Write("}"u8);
        var bytes = b.Written.ToArray();
        response.ContentLength = bytes.Length;
        return response.Body.WriteAsync(bytes, ctx.RequestAborted).AsTask();
    }
}
