using System.Text;
using System.Text.Json;
using AiSpm.Gateway.FunctionalTests.Infrastructure;

namespace AiSpm.Gateway.FunctionalTests;

/// <summary>Headers a client names in Connection are hop-by-hop too (RFC 9110 7.6.1) and must not reach the upstream.</summary>
[Collection(StandardCollection.Name)]
public sealed class ConnectionHeaderTests(StandardGateway env)
{
    [Fact]
    public async Task HeadersNamedInConnectionAreDroppedAsHopByHop()
    {
        var body = Encoding.UTF8.GetBytes("""{"model":"gpt-4o","messages":[]}""");
        var gateway = new Uri(env.GatewayUrl);
        // Kestrel reduces a Connection value that holds "close" or "keep-alive" to that one token before the
        // application sees it, so a header named beside them is invisible to any Kestrel app. Named alone, it is
        // visible and must be dropped; HTTP/1.0 without keep-alive still closes the socket, which RawHttp reads to.
        var head =
            $"POST /v1/chat/completions HTTP/1.0\r\nHost: {gateway.Authority}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n" +
            "Connection: X-Hop-Custom\r\nX-Hop-Custom: should-not-pass\r\nx-mock-echo: 1\r\n\r\n";
        var (status, _, responseBody) = await RawHttp.SendAsync(gateway, head, body);
        var text = Encoding.UTF8.GetString(responseBody);

        Assert.True(status == 200, $"status {status}: {text}");
        var headers = ForwardingTests.Headers(JsonDocument.Parse(text).RootElement.GetProperty("mock_echo"));
        Assert.False(headers.ContainsKey("x-hop-custom"), "a header listed in Connection is hop-by-hop (RFC 9110 7.6.1) but reached the upstream");
    }
}
