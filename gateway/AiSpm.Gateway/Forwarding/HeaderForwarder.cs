using System.Net.Http.Headers;
using System.Security.Cryptography;
using AiSpm.Gateway.Enforcement;
using AiSpm.Gateway.Routing;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace AiSpm.Gateway.Forwarding;

/// <summary>
/// Copies headers between the client and the upstream: hop-by-hop headers dropped (RFC 9110 7.6.1), trace and
/// forwarding headers propagated or created, credentials passed through or replaced per upstream.
/// </summary>
internal static class HeaderForwarder
{
    public const string RequestIdHeader = "x-request-id";
    public const string TraceParentHeader = "traceparent";
    public const string AmznTraceHeader = "x-amzn-trace-id";

    public static bool IsHopByHop(string name) =>
        name.Equals(HeaderNames.Connection, StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.KeepAlive, StringComparison.OrdinalIgnoreCase)
        || name.Equals("Proxy-Connection", StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.ProxyAuthenticate, StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.ProxyAuthorization, StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.TE, StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.Trailer, StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.TransferEncoding, StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.Upgrade, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Copies the client's request headers onto the upstream request. Headers named in Connection are dropped too;
    /// Kestrel reduces a Connection value holding close or keep-alive to that token, so a name listed beside those
    /// two never reaches the application and cannot be honoured here.
    /// </summary>
    /// <param name="fromTrustedProxy">
    /// The peer is a configured trusted proxy: the client's X-Forwarded-* / Forwarded headers are kept and extended.
    /// Otherwise they are dropped and replaced by what the gateway sees (the peer address, scheme and host).
    /// </param>
    /// <param name="identityEncoding">
    /// The response will be scanned: ask for it uncompressed (<c>Accept-Encoding: identity</c>) in place of what the
    /// client accepts, since SDKs ask for gzip and a compressed body would reach the detectors as compressed bytes.
    /// </param>
    public static void CopyRequestHeaders(HttpContext context, HttpRequestMessage upstream, UpstreamTarget target, in TraceIds trace, bool identityEncoding = false, bool fromTrustedProxy = false)
    {
        var request = context.Request;
        var connectionTokens = request.Headers.Connection;
        foreach (var header in request.Headers)
        {
            var name = header.Key;
            if (IsHopByHop(name)
                || name.Equals(HeaderNames.Host, StringComparison.OrdinalIgnoreCase)
                || name.Equals(HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase)
                || name.Equals(HeaderNames.Expect, StringComparison.OrdinalIgnoreCase)
                || name.Equals(RequestIdHeader, StringComparison.OrdinalIgnoreCase)
                || name.Equals(TraceParentHeader, StringComparison.OrdinalIgnoreCase)
                || name.Equals(AmznTraceHeader, StringComparison.OrdinalIgnoreCase)
                || name.Equals(Enforcement.IdentityHeaderTrust.SecretHeader, StringComparison.OrdinalIgnoreCase)
                || (!fromTrustedProxy && IsForwarding(name))
                || NamedByConnection(connectionTokens, name)
                || (identityEncoding && name.Equals(HeaderNames.AcceptEncoding, StringComparison.OrdinalIgnoreCase))
                || (target.ReplacesCredential && IsCredential(name)))
            {
                continue;
            }

            if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                upstream.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)header.Value);
            }
            else
            {
                upstream.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)header.Value);
            }
        }

        if (identityEncoding)
        {
            upstream.Headers.TryAddWithoutValidation(HeaderNames.AcceptEncoding, "identity");
        }

        upstream.Headers.TryAddWithoutValidation(RequestIdHeader, trace.RequestId);
        upstream.Headers.TryAddWithoutValidation(TraceParentHeader, trace.TraceParent);
        upstream.Headers.TryAddWithoutValidation(AmznTraceHeader, trace.AmznTraceId);
        AddForwarded(context, upstream.Headers, fromTrustedProxy);
        if (target.ReplacesCredential)
        {
            if (target.UsesApiKeyHeader)
            {
                upstream.Headers.TryAddWithoutValidation("x-api-key", target.Credential);
            }
            else
            {
                upstream.Headers.TryAddWithoutValidation(HeaderNames.Authorization, "Bearer " + target.Credential);
            }
        }
    }

    /// <summary>Copies the upstream's response headers to the client, minus hop-by-hop and framing headers.</summary>
    public static void CopyResponseHeaders(HttpResponseMessage upstream, HttpResponse response, bool keepContentLength)
    {
        CopyFrom(upstream.Headers, response, keepContentLength);
        CopyFrom(upstream.Content.Headers, response, keepContentLength);
    }

    public static TraceIds ReadOrCreateTrace(HttpRequest request)
    {
        var requestId = FirstOrNull(request.Headers[RequestIdHeader]) ?? NewHex(16);
        var traceParent = FirstOrNull(request.Headers[TraceParentHeader]);
        if (traceParent is null || traceParent.Length < 55)
        {
            traceParent = string.Create(55, 0, static (span, _) =>
            {
                "00-".CopyTo(span);
                FillHex(span.Slice(3, 32));
                span[35] = '-';
                FillHex(span.Slice(36, 16));
                "-01".CopyTo(span[52..]);
            });
        }

        var amzn = FirstOrNull(request.Headers[AmznTraceHeader]);
        if (amzn is null)
        {
            // X-Ray: Root=1-{epoch seconds, 8 hex}-{24 hex}
            var seconds = (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            amzn = string.Create(40, seconds, static (span, s) =>
            {
                "Root=1-".CopyTo(span);
                s.TryFormat(span.Slice(7, 8), out _, "x8", null);
                span[15] = '-';
                FillHex(span.Slice(16, 24));
            });
        }

        return new TraceIds(requestId, traceParent, amzn);
    }

    private static void CopyFrom(HttpHeaders headers, HttpResponse response, bool keepContentLength)
    {
        foreach (var header in headers)
        {
            var name = header.Key;
            if (IsHopByHop(name) || (!keepContentLength && name.Equals(HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            response.Headers[name] = ToStringValues(header.Value);
        }
    }

    private static StringValues ToStringValues(IEnumerable<string> values)
    {
        if (values is string[] array)
        {
            return new StringValues(array);
        }

        using var e = values.GetEnumerator();
        if (!e.MoveNext())
        {
            return StringValues.Empty;
        }

        var first = e.Current;
        if (!e.MoveNext())
        {
            return new StringValues(first);
        }

        var list = new List<string> { first, e.Current };
        while (e.MoveNext())
        {
            list.Add(e.Current);
        }

        return new StringValues([.. list]);
    }

    private static bool IsForwarding(string name) =>
        name.StartsWith("X-Forwarded-", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Forwarded", StringComparison.OrdinalIgnoreCase)
        || name.Equals("X-Real-IP", StringComparison.OrdinalIgnoreCase);

    private static void AddForwarded(HttpContext context, HttpRequestHeaders headers, bool fromTrustedProxy)
    {
        var remote = context.Connection.RemoteIpAddress?.ToString();
        var prior = fromTrustedProxy ? FirstOrNull(context.Request.Headers["X-Forwarded-For"]) : null;
        headers.Remove("X-Forwarded-For");
        if (remote is not null)
        {
            headers.TryAddWithoutValidation("X-Forwarded-For", prior is null ? remote : prior + ", " + remote);
        }

        if (!headers.Contains("X-Forwarded-Proto"))
        {
            headers.TryAddWithoutValidation("X-Forwarded-Proto", context.Request.Scheme);
        }

        if (!headers.Contains("X-Forwarded-Host") && context.Request.Host.HasValue)
        {
            headers.TryAddWithoutValidation("X-Forwarded-Host", context.Request.Host.Value);
        }
    }

    /// <summary>Whether the client sent a credential of its own (a non-empty Authorization, x-api-key or api-key).</summary>
    public static bool HasCredential(HttpRequest request) =>
        !string.IsNullOrWhiteSpace(request.Headers.Authorization)
        || !string.IsNullOrWhiteSpace(request.Headers["x-api-key"])
        || !string.IsNullOrWhiteSpace(request.Headers["api-key"]);

    private static bool IsCredential(string name) =>
        name.Equals(HeaderNames.Authorization, StringComparison.OrdinalIgnoreCase)
        || name.Equals("x-api-key", StringComparison.OrdinalIgnoreCase)
        || name.Equals("api-key", StringComparison.OrdinalIgnoreCase);

    private static bool NamedByConnection(StringValues connection, string name)
    {
        if (StringValues.IsNullOrEmpty(connection))
        {
            return false;
        }

        foreach (var value in connection)
        {
            foreach (var token in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (token.Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static string? FirstOrNull(StringValues values) => values.Count > 0 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;

    private static string NewHex(int bytes) => string.Create(bytes * 2, 0, static (span, _) => FillHex(span));

    private static void FillHex(Span<char> destination)
    {
        Span<byte> random = stackalloc byte[32];
        var bytes = random[..(destination.Length / 2)];
        // Trace ids need to be unique, not secret: the shared xoshiro generator costs nanoseconds, where
        // RandomNumberGenerator (OpenSSL's DRBG, with a getpid fork check) showed as 7 % of the gateway's CPU under load.
        Random.Shared.NextBytes(bytes);
        Convert.TryToHexStringLower(bytes, destination, out _);
    }
}
