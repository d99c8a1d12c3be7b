using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace AiSpm.Admin.Api;

/// <summary>
/// Reads a JSON request body strictly: <c>Content-Type: application/json</c> or 415 (a browser's no-cors form post
/// cannot send it, so it cannot forge a write), gzip when Content-Encoding says so, a cap on the decompressed size
/// (413), and every parse error turned into a 400 that names the field (the JSON path) instead of an exception.
/// </summary>
internal static class JsonBody
{
    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, long maxBytes, CancellationToken cancellationToken)
        where T : class
    {
        var (bytes, error) = await ReadJsonBytesAsync(request, maxBytes, cancellationToken);
        if (error is not null)
        {
            return (null, error);
        }

        try
        {
            var value = JsonSerializer.Deserialize(bytes, typeInfo);
            return value is null ? (null, RequestErrors.Single("body", "the body must be a JSON object, not null")) : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, RequestErrors.Single(FieldOf(ex.Path), Describe(ex)));
        }
    }

    /// <summary>The body bytes of a JSON request (decompressed), or the 400/413/415 answer that refuses it.</summary>
    public static async Task<(byte[] Bytes, IResult? Error)> ReadJsonBytesAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (!IsJson(request.ContentType))
        {
            return ([], RequestErrors.Single("Content-Type", "must be application/json (got '" + request.ContentType + "')", StatusCodes.Status415UnsupportedMediaType));
        }

        byte[] bytes;
        try
        {
            bytes = await ReadBytesAsync(request, maxBytes, cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            return ([], RequestErrors.Single("body", "the body is not valid gzip: " + ex.Message));
        }
        catch (BodyTooLargeException)
        {
            return ([], RequestErrors.Single("body", "the body is larger than " + maxBytes + " bytes (after decompression)", StatusCodes.Status413PayloadTooLarge));
        }
        catch (BadHttpRequestException ex)
        {
            return ([], RequestErrors.Single("body", ex.Message, ex.StatusCode is StatusCodes.Status413PayloadTooLarge ? ex.StatusCode : StatusCodes.Status400BadRequest));
        }

        return bytes.Length == 0 ? ([], RequestErrors.Single("body", "a JSON body is required")) : (bytes, null);
    }

    /// <summary>application/json, with or without parameters such as charset; nothing else (no text/plain, no +json).</summary>
    public static bool IsJson(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);

    /// <summary>"$.events[2].severity" becomes "events[2].severity"; the root becomes "body".</summary>
    public static string FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "body";
        }

        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    public static string Describe(JsonException ex)
    {
        // System.Text.Json's messages name the offending member (unknown, missing required, wrong type); drop the
        // trailing "Path: ... | LineNumber" part, which the field key already carries.
        var message = ex.Message;
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private static async Task<byte[]> ReadBytesAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        var encoding = request.Headers.ContentEncoding.ToString();
        Stream source = request.Body;
        GZipStream? gzip = null;
        if (encoding.Length > 0)
        {
            if (!encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase))
            {
                throw new BadHttpRequestException("unsupported Content-Encoding '" + encoding + "' (only gzip)");
            }

            gzip = new GZipStream(source, CompressionMode.Decompress, leaveOpen: true);
            source = gzip;
        }

        try
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int n;
            while ((n = await source.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + n > maxBytes)
                {
                    throw new BodyTooLargeException();
                }

                buffer.Write(chunk, 0, n);
            }

            return buffer.ToArray();
        }
        finally
        {
            if (gzip is not null)
            {
                await gzip.DisposeAsync();
            }
        }
    }

    private sealed class BodyTooLargeException : Exception;
}
