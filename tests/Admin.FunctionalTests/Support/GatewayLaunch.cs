using System.Text.Json.Nodes;
using AiSpm.Admin.FunctionalTests.EndToEnd;

namespace AiSpm.Admin.FunctionalTests.Support;

/// <summary>
/// A real gateway for the end-to-end tests: monitor mode, the test rule pack, the mock upstream, and the admin
/// hand-off with its spool. The published AOT binary when <c>AISPM_GATEWAY_AOT_BINARY</c> names one (as in
/// <c>./aispm test</c>), the JIT build otherwise.
/// </summary>
internal static class GatewayLaunch
{
    public const string TokenEnv = "AISPM_E2E_GATEWAY_TOKEN";

    public static Task<ChildProcess> StartUpstreamAsync() =>
        ChildProcess.StartAsync("dotnet", [GatewayAdminEndToEndTests.Bin("tests", "AiSpm.MockUpstream"), "--listen", "http://127.0.0.1:0"], "upstream");

    /// <summary>Writes the configuration into <paramref name="tmp"/> and returns its path.</summary>
    public static async Task<string> WriteConfigAsync(TempDir tmp, string upstreamBaseUrl, string adminBaseUrl)
    {
        var config = new JsonObject
        {
            ["listen"] = "http://127.0.0.1:0",
            ["mode"] = "monitor",
            ["rulesDirectory"] = GatewayAdminEndToEndTests.WriteRules(tmp.Sub("rules")),
            ["upstreams"] = new JsonObject { ["mock"] = new JsonObject { ["baseUrl"] = upstreamBaseUrl + "/v1" } },
            ["routes"] = new JsonArray(new JsonObject { ["model"] = "*", ["upstream"] = "mock" }),
            ["admin"] = new JsonObject
            {
                ["baseUrl"] = adminBaseUrl,
                ["tokenEnv"] = TokenEnv,
                ["spoolDirectory"] = tmp.Sub("spool"),
            },
        };
        var configFile = tmp.Sub("gateway.json");
        await File.WriteAllTextAsync(configFile, config.ToJsonString());
        return configFile;
    }

    public static Task<ChildProcess> StartAsync(string configFile)
    {
        var aot = Environment.GetEnvironmentVariable("AISPM_GATEWAY_AOT_BINARY");
        var (file, args) = aot is { Length: > 0 } && File.Exists(aot)
            ? (aot, new[] { "--config", configFile })
            : ("dotnet", [GatewayAdminEndToEndTests.Bin("gateway", "AiSpm.Gateway"), "--config", configFile]);
        return ChildProcess.StartAsync(file, args, "gateway", new Dictionary<string, string> { [TokenEnv] = AdminProcess.GatewayToken });
    }
}
