using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace AiSpm.MockUpstream.Serving;

/// <summary>The "mock_echo" object: what the mock received, so tests can check byte-exact forwarding and header propagation.</summary>
internal static class Echo
{
    public static byte[] Write(HttpRequest request, RequestBody body)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("method", request.Method);
            w.WriteString("path", request.Path.Value);
            w.WriteString("query", request.QueryString.Value);
            w.WriteString("body_sha256", body.Sha256Hex);
            w.WriteNumber("body_length", body.Length);
            w.WriteStartObject("headers");
            foreach (var header in request.Headers)
            {
                w.WriteString(header.Key.ToLowerInvariant(), header.Value.ToString());
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
