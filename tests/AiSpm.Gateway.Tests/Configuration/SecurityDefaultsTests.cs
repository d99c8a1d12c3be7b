using AiSpm.Gateway.Configuration;

namespace AiSpm.Gateway.Tests.Configuration;

/// <summary>The safe defaults of issue 19: what a gateway believes depends on who can reach its listen address.</summary>
public sealed class SecurityDefaultsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aispm-config-").FullName;

    public SecurityDefaultsTests() => Directory.CreateDirectory(Path.Combine(_dir, "rules"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("http://127.0.0.1:8080", true)]
    [InlineData("http://127.0.0.2:8080", true)]
    [InlineData("http://localhost:8080", true)]
    [InlineData("http://[::1]:8080", true)]
    [InlineData("http://0.0.0.0:8080", false)]
    [InlineData("http://[::]:8080", false)]
    [InlineData("http://10.1.2.3:8080", false)]
    [InlineData("http://gateway.internal:8080", false)]
    public void OnlyLoopbackListenAddressesCountAsLoopback(string listen, bool loopback) =>
        Assert.Equal(loopback, ListenAddress.IsLoopback(listen));

    [Theory]
    [InlineData("http://127.0.0.1:0", "trusted")]
    [InlineData("http://0.0.0.0:8080", "ignored")]
    public void IdentityHeadersDefaultToTrustedOnlyOnLoopback(string listen, string expected)
    {
        var options = GatewayOptionsLoader.Load(Write($$"""{ "listen": "{{listen}}" }"""), null);

        Assert.Equal(expected, options.IdentityHeaders);
    }

    [Fact]
    public void TheListenOverrideDecidesTheDefaultToo()
    {
        var options = GatewayOptionsLoader.Load(Write("""{ "listen": "http://127.0.0.1:0" }"""), "http://0.0.0.0:8080");

        Assert.Equal("ignored", options.IdentityHeaders);
    }

    [Fact]
    public void ExplicitlyTrustedHeadersOnAPublicAddressRefuseToStart()
    {
        var e = Assert.Throws<GatewayConfigurationException>(() => GatewayOptionsLoader.Load(Write("""{ "listen": "http://0.0.0.0:8080", "identityHeaders": "trusted" }"""), null));

        Assert.Contains(e.Errors, error => error.StartsWith("identityHeaders:", StringComparison.Ordinal) && error.Contains("trustedNetwork", StringComparison.Ordinal));
    }

    [Fact]
    public void TrustedNetworkAllowsTrustedHeadersOnAPublicAddress()
    {
        var options = GatewayOptionsLoader.Load(Write("""{ "listen": "http://0.0.0.0:8080", "identityHeaders": "trusted", "trustedNetwork": true }"""), null);

        Assert.Equal("trusted", options.IdentityHeaders);
    }

    private string Write(string head)
    {
        // The caller's fields first, then what every configuration needs.
        var json = head.TrimEnd().TrimEnd('}') + """
            , "rulesDirectory": "rules",
              "upstreams": { "a": { "baseUrl": "http://127.0.0.1:1/v1" } }, "routes": [ { "model": "*", "upstream": "a" } ] }
            """;
        var path = Path.Combine(_dir, "gateway-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, json);
        return path;
    }
}
