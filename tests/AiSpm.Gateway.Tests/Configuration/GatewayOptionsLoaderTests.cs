using AiSpm.Gateway.Configuration;

namespace AiSpm.Gateway.Tests.Configuration;

public sealed class GatewayOptionsLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aispm-config-").FullName;

    public GatewayOptionsLoaderTests() => Directory.CreateDirectory(Path.Combine(_dir, "rules"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void LoadsAValidFileAndResolvesPathsAgainstIt()
    {
        var options = GatewayOptionsLoader.Load(Write("""
            { "mode": "monitor", "rulesDirectory": "rules",
              "upstreams": { "a": { "baseUrl": "http://127.0.0.1:1/v1", "idleTimeoutMs": 1234 } },
              "routes": [ { "model": "gpt-*", "upstream": "a" }, { "model": "*", "upstream": "A" } ] }
            """), null);
        Assert.Equal("monitor", options.Mode);
        Assert.Equal(Path.Combine(_dir, "rules"), options.RulesDirectory);
        Assert.Equal(1234, options.Upstreams["a"].IdleTimeoutMs);
        Assert.Equal(2, options.Routes.Count);
    }

    [Fact]
    public void ReportsEveryBadFieldByName()
    {
        var e = Assert.Throws<GatewayConfigurationException>(() => GatewayOptionsLoader.Load(Write("""
            { "mode": "block", "failMode": "maybe", "rulesDirectory": "rules", "streamHoldbackBytes": -1,
              "identityHeaders": "secret", "identitySecretEnv": "AISPM_TEST_UNSET_SECRET",
              "limits": { "maxConcurrentRequests": 0 },
              "upstreams": { "a": { "baseUrl": "not a url", "auth": { "mode": "replace" } } },
              "routes": [ { "model": "g*pt", "upstream": "b" } ] }
            """), null));
        var all = string.Join("\n", e.Errors);
        foreach (var field in new[] { "mode:", "failMode:", "identitySecretEnv:", "streamHoldbackBytes:", "limits.maxConcurrentRequests:", "upstreams.a.baseUrl:", "upstreams.a.auth:", "routes[0].model:", "routes[0].upstream:" })
        {
            Assert.Contains(field, all);
        }
    }

    [Fact]
    public void AnUpstreamCaFileIsResolvedAgainstTheFileAndMustHoldAPemCertificateForAnHttpsUpstream()
    {
        File.WriteAllText(Path.Combine(_dir, "ca.pem"), "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
        File.WriteAllText(Path.Combine(_dir, "empty.pem"), "no certificate here\n");
        var e = Assert.Throws<GatewayConfigurationException>(() => GatewayOptionsLoader.Load(Write("""
            { "rulesDirectory": "rules",
              "upstreams": {
                "missing": { "baseUrl": "https://a.example/v1", "caFile": "nowhere.pem" },
                "garbled": { "baseUrl": "https://b.example/v1", "caFile": "ca.pem" },
                "empty": { "baseUrl": "https://c.example/v1", "caFile": "empty.pem" },
                "plain": { "baseUrl": "http://127.0.0.1:1/v1", "caFile": "empty.pem" } },
              "allowInsecureHttp": true,
              "routes": [ { "model": "*", "upstream": "missing" } ] }
            """), null));
        var all = string.Join("\n", e.Errors);
        Assert.Contains("upstreams.missing.caFile: '" + Path.Combine(_dir, "nowhere.pem") + "' does not exist", all, StringComparison.Ordinal);
        Assert.Contains("upstreams.garbled.caFile:", all, StringComparison.Ordinal);
        Assert.Contains("upstreams.empty.caFile:", all, StringComparison.Ordinal);
        Assert.Contains("upstreams.plain.caFile: only an https baseUrl", all, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownFieldStopsStartUp()
    {
        var e = Assert.Throws<GatewayConfigurationException>(() => GatewayOptionsLoader.Load(Write("""
            { "mdoe": "monitor", "rulesDirectory": "rules",
              "upstreams": { "a": { "baseUrl": "http://127.0.0.1:1/v1" } }, "routes": [ { "model": "*", "upstream": "a" } ] }
            """), null));
        Assert.Contains("mdoe", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void MalformedJsonIsAConfigurationError()
    {
        var e = Assert.Throws<GatewayConfigurationException>(() => GatewayOptionsLoader.Load(Write("{ \"mode\": "), null));
        Assert.StartsWith("config:", e.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void EnvironmentOverridesTheFile()
    {
        Environment.SetEnvironmentVariable("AISPM_GATEWAY__UPSTREAMS__A__FIRSTBYTETIMEOUTMS", "777");
        try
        {
            var options = GatewayOptionsLoader.Load(Write("""
                { "rulesDirectory": "rules", "upstreams": { "a": { "baseUrl": "http://127.0.0.1:1/v1" } }, "routes": [ { "model": "*", "upstream": "a" } ] }
                """), null);
            Assert.Equal(777, options.Upstreams["a"].FirstByteTimeoutMs);
        }
        finally
        {
            Environment.SetEnvironmentVariable("AISPM_GATEWAY__UPSTREAMS__A__FIRSTBYTETIMEOUTMS", null);
        }
    }

    private string Write(string json)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, json);
        return path;
    }
}
