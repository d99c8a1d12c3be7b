using System.Net.Http.Headers;

namespace AiSpm.Gateway.Forwarding;

/// <summary>What the headers say about a body: present, compressed, an event stream, or media with no text in it.</summary>
internal static class ContentCoding
{
    public static bool HasBody(HttpRequest request) => request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;

    // Both checks look at the header only when it is there, so the common request pays no enumerator.
    public static bool IsCompressed(HttpRequest request)
    {
        var codings = request.Headers.ContentEncoding;
        return codings.Count > 0 && AnyCompression(codings);
    }

    public static bool IsCompressed(HttpContentHeaders headers) =>
        headers.NonValidated.TryGetValues(Microsoft.Net.Http.Headers.HeaderNames.ContentEncoding, out var codings) && AnyCompression(codings);

    public static bool IsEventStream(MediaTypeHeaderValue? contentType) =>
        contentType?.MediaType is { } media && media.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Audio, images, video, fonts and archives: answers with no text the detectors could read. Anything else is
    /// scanned, <c>application/octet-stream</c> included: a file download (a batch's JSONL output) is often text.
    /// </summary>
    public static bool IsBinaryMedia(MediaTypeHeaderValue? contentType)
    {
        if (contentType?.MediaType is not { } media)
        {
            return false;
        }

        var type = media.AsSpan();
        return type.StartsWith("audio/", StringComparison.OrdinalIgnoreCase)
            || type.StartsWith("image/", StringComparison.OrdinalIgnoreCase)
            || type.StartsWith("video/", StringComparison.OrdinalIgnoreCase)
            || type.StartsWith("font/", StringComparison.OrdinalIgnoreCase)
            || type.Equals("application/zip", StringComparison.OrdinalIgnoreCase)
            || type.Equals("application/gzip", StringComparison.OrdinalIgnoreCase)
            || type.Equals("application/pdf", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>False for an answer that carries no body by definition (to HEAD, 204, 304), whose headers are relayed as sent.</summary>
    public static bool MayHaveBody(HttpRequest request, HttpResponseMessage upstream) =>
        !HttpMethods.IsHead(request.Method) && upstream.StatusCode is not (System.Net.HttpStatusCode.NoContent or System.Net.HttpStatusCode.NotModified);

    private static bool AnyCompression(IEnumerable<string?> codings)
    {
        foreach (var coding in codings)
        {
            if (IsCompression(coding))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsCompression(string? coding)
    {
        var name = coding.AsSpan().Trim();
        return !name.IsEmpty && !name.Equals("identity", StringComparison.OrdinalIgnoreCase);
    }
}
