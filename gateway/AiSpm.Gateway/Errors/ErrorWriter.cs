using System.Buffers;
using System.Text.Json;

namespace AiSpm.Gateway.Errors;

/// <summary>Writes <see cref="GatewayError"/> as an OpenAI error body or as a terminal SSE event.</summary>
internal static class ErrorWriter
{
    private static ReadOnlySpan<byte> SseDataPrefix => "data: "u8;
    private static ReadOnlySpan<byte> SseEventEnd => "\n\n"u8;

    public static Task WriteAsync(HttpContext context, GatewayError error) => WriteAsync(context, error, null);

    /// <summary>Writes <paramref name="error"/> as the whole answer; a block also names every category found
    /// (<paramref name="blockedCategories"/>, header <c>x-aispm-categories</c>).</summary>
    public static async Task WriteAsync(HttpContext context, GatewayError error, string? blockedCategories)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            context.Abort();
            return;
        }

        response.Clear();
        response.StatusCode = error.Status;
        response.ContentType = "application/json";
        if (blockedCategories is not null)
        {
            response.Headers["x-aispm-categories"] = blockedCategories;
        }

        if (error.Status == 429)
        {
            response.Headers.RetryAfter = "1";
        }

        var writer = new ArrayBufferWriter<byte>(256);
        WriteBody(writer, error);
        response.ContentLength = writer.WrittenCount;
        await response.Body.WriteAsync(writer.WrittenMemory, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Ends an SSE stream with a well-formed error event that OpenAI clients surface as an error.</summary>
    public static void WriteSseEvent(IBufferWriter<byte> output, GatewayError error)
    {
        output.Write(SseDataPrefix);
        WriteBody(output, error);
        output.Write(SseEventEnd);
    }

    public static void WriteBody(IBufferWriter<byte> output, GatewayError error)
    {
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteStartObject("error"u8);
        json.WriteString("message"u8, error.Message);
        json.WriteString("type"u8, error.Type);
        json.WriteString("code"u8, error.Code);
        json.WriteNull("param"u8);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
