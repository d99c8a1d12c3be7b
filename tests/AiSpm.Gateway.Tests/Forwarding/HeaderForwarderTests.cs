using AiSpm.Gateway.Configuration;
using AiSpm.Gateway.Enforcement;
using AiSpm.Gateway.Forwarding;
using AiSpm.Gateway.Routing;
using Microsoft.AspNetCore.Http;

namespace AiSpm.Gateway.Tests.Forwarding;

public class HeaderForwarderTests
{
    [Fact]
    public void DropsHopByHopAndConnectionNamedHeaders()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Connection = "close, X-Hop-Custom";
        context.Request.Headers["X-Hop-Custom"] = "nope";
        context.Request.Headers["Keep-Alive"] = "timeout=5";
        context.Request.Headers["TE"] = "trailers";
        context.Request.Headers["X-Keep"] = "yes";
        context.Request.Headers[AiSpm.Gateway.Enforcement.IdentityHeaderTrust.SecretHeader] = "never-upstream";
        context.Request.Headers.Authorization = "Bearer client";
        using var target = new UpstreamTarget("u", new UpstreamOptions { BaseUrl = "http://127.0.0.1:1/v1" });
        using var message = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:1/v1/chat/completions");
        HeaderForwarder.CopyRequestHeaders(context, message, target, new TraceIds("r", "00-0123456789abcdef0123456789abcdef-0123456789abcdef-01", "Root=1-x"));
        Assert.False(message.Headers.Contains("X-Hop-Custom"));
        Assert.False(message.Headers.Contains("Keep-Alive"));
        Assert.False(message.Headers.Contains("TE"));
        Assert.False(message.Headers.Contains(AiSpm.Gateway.Enforcement.IdentityHeaderTrust.SecretHeader));
        Assert.False(message.Headers.Contains("Connection") && message.Headers.GetValues("Connection").Any(v => v.Contains("X-Hop", StringComparison.OrdinalIgnoreCase)));
        Assert.Equal("yes", Assert.Single(message.Headers.GetValues("X-Keep")));
        Assert.Equal("Bearer client", Assert.Single(message.Headers.GetValues("Authorization")));
        Assert.Equal("r", Assert.Single(message.Headers.GetValues("x-request-id")));
    }

    [Fact]
    public void ReplacesTheCredentialWhenTheUpstreamSaysSo()
    {
        Environment.SetEnvironmentVariable("AISPM_TEST_KEY", "sk-upstream");
        try
        {
            var context = new DefaultHttpContext();
            context.Request.Headers.Authorization = "Bearer client";
            context.Request.Headers["x-api-key"] = "client";
            using var target = new UpstreamTarget("u", new UpstreamOptions
            {
                BaseUrl = "http://127.0.0.1:1/v1",
                Auth = new UpstreamAuthOptions { Mode = "replace", ApiKeyEnv = "AISPM_TEST_KEY", Header = "x-api-key" },
            });
            using var message = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:1/v1/messages");
            HeaderForwarder.CopyRequestHeaders(context, message, target, HeaderForwarder.ReadOrCreateTrace(context.Request));
            Assert.False(message.Headers.Contains("Authorization"));
            Assert.Equal("sk-upstream", Assert.Single(message.Headers.GetValues("x-api-key")));
            Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-01$", Assert.Single(message.Headers.GetValues("traceparent")));
            Assert.Matches("^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$", Assert.Single(message.Headers.GetValues("x-amzn-trace-id")));
        }
        finally
        {
            Environment.SetEnvironmentVariable("AISPM_TEST_KEY", null);
        }
    }

    [Fact]
    public void ForwardingHeadersFromAnUntrustedPeerAreReplacedByWhatTheGatewaySees()
    {
        var context = Forwarded("198.51.100.9");
        using var target = new UpstreamTarget("u", new UpstreamOptions { BaseUrl = "http://127.0.0.1:1/v1" });
        using var message = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:1/v1/chat/completions");

        HeaderForwarder.CopyRequestHeaders(context, message, target, new TraceIds("r", "t", "a"), fromTrustedProxy: new ProxyTrust(["10.0.0.1"]).Trusts(context));

        Assert.Equal("198.51.100.9", Assert.Single(message.Headers.GetValues("X-Forwarded-For")));
        Assert.Equal("http", Assert.Single(message.Headers.GetValues("X-Forwarded-Proto")));
        Assert.Equal("gateway.internal:8080", Assert.Single(message.Headers.GetValues("X-Forwarded-Host")));
        Assert.False(message.Headers.Contains("Forwarded"));
        Assert.False(message.Headers.Contains("X-Real-IP"));
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    public void ForwardingHeadersFromATrustedProxyAreKeptAndExtended(string peer)
    {
        var context = Forwarded(peer);
        using var target = new UpstreamTarget("u", new UpstreamOptions { BaseUrl = "http://127.0.0.1:1/v1" });
        using var message = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:1/v1/chat/completions");

        HeaderForwarder.CopyRequestHeaders(context, message, target, new TraceIds("r", "t", "a"), fromTrustedProxy: new ProxyTrust(["10.0.0.1"]).Trusts(context));

        Assert.Equal("203.0.113.7, " + context.Connection.RemoteIpAddress, Assert.Single(message.Headers.GetValues("X-Forwarded-For")));
        Assert.Equal("https", Assert.Single(message.Headers.GetValues("X-Forwarded-Proto")));
        Assert.Equal("api.example.test", Assert.Single(message.Headers.GetValues("X-Forwarded-Host")));
    }

    private static DefaultHttpContext Forwarded(string peer)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(peer);
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("gateway.internal:8080");
        context.Request.Headers["X-Forwarded-For"] = "203.0.113.7";
        context.Request.Headers["X-Forwarded-Proto"] = "https";
        context.Request.Headers["X-Forwarded-Host"] = "api.example.test";
        context.Request.Headers["Forwarded"] = "for=203.0.113.7;proto=https";
        context.Request.Headers["X-Real-IP"] = "203.0.113.7";
        return context;
    }
}
