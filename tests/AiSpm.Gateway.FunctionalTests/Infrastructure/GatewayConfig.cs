using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace AiSpm.Gateway.FunctionalTests.Infrastructure;

/// <summary>Builds the gateway's JSON configuration file for a test environment.</summary>
internal static class GatewayConfig
{
    /// <summary>Upstream key the "replaced" route puts in place of the client's key (from the gateway's environment).</summary>
    public const string ReplacedKeyEnv = "AISPM_FT_UPSTREAM_KEY";
    public const string ReplacedKey = "sk-upstream-from-env-0123456789";

    /// <summary>The shared secret of <c>identityHeaders: secret</c> (what LiteLLM sends in x-aispm-identity-secret).</summary>
    public const string IdentitySecretEnv = "AISPM_FT_IDENTITY_SECRET";
    public const string IdentitySecret = "ft-identity-secret-0123456789abcdef";

    /// <summary>The token of <c>managementTokenEnv</c> for the gateway that protects /metrics and /readyz with one.</summary>
    public const string ManagementTokenEnv = "AISPM_FT_MANAGEMENT_TOKEN";
    public const string ManagementToken = "ft-management-token-0123456789";

    /// <summary>The routes: each model prefix picks an upstream with the behaviour a test needs. No catch-all, so other models have no route.</summary>
    public static JsonObject Standard(string mockBaseUrl, int closedPort, int firstByteTimeoutMs = 1500, int idleTimeoutMs = 1500)
    {
        var v1 = mockBaseUrl + "/v1";
        return new JsonObject
        {
            ["listen"] = "http://127.0.0.1:0",
            ["mode"] = "enforce",
            ["rulesDirectory"] = RulesDirectory(),
            ["upstreams"] = new JsonObject
            {
                ["mock"] = Upstream(v1, 10_000, 10_000),
                ["slow"] = Upstream(v1, firstByteTimeoutMs, 10_000),
                ["idle"] = Upstream(v1, 10_000, idleTimeoutMs),
                ["closed"] = Upstream($"http://127.0.0.1:{closedPort}/v1", 10_000, 10_000),
                ["replaced"] = new JsonObject
                {
                    ["baseUrl"] = v1,
                    ["auth"] = new JsonObject { ["mode"] = "replace", ["apiKeyEnv"] = ReplacedKeyEnv, ["header"] = "authorization" },
                },
            },
            ["routes"] = new JsonArray
            {
                Route("timeout-*", "slow"),
                Route("idle-*", "idle"),
                Route("refused-*", "closed"),
                new JsonObject { ["model"] = "replaced-open-*", ["upstream"] = "replaced", ["allowAnonymous"] = true },
                Route("replaced-*", "replaced"),
                Route("gpt-*", "mock"),
                Route("mock-*", "mock"),
                Route("claude-*", "mock"),
                Route("text-embedding-*", "mock"),
            },
            ["otherPaths"] = "passthrough",
        };
    }

    /// <summary>A loopback port nothing listens on: bound, read and released.</summary>
    public static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>
    /// A one-rule pack that matches only a canary no test sends: these tests are about proxying, and the shipped rules
    /// (tested by the detection suites, and still changing) could legitimately flag or redact test traffic.
    /// </summary>
    private static string RulesDirectory()
    {
        var dir = Directory.CreateTempSubdirectory("aispm-ft-rules-").FullName;
        File.WriteAllText(Path.Combine(dir, "canary.json"), """
            {
              "pack": "functional-test-canary",
              "version": "1.0.0",
              "rules": [
                {
                  "id": "FT-CANARY",
                  "title": "Functional-test canary",
                  "category": "secret",
                  "severity": "low",
                  "phase": "both",
                  "patterns": [ { "regex": "AISPM-FT-CANARY-[0-9]{8}", "flags": "" } ],
                  "literals": [],
                  "validator": null,
                  "min_entropy": null,
                  "redact": false,
                  "tags": {},
                  "description": "Never sent by the proxy tests.",
                  "remediation": "None."
                }
              ]
            }
            """);
        return dir;
    }

    private static JsonObject Upstream(string baseUrl, int firstByteTimeoutMs, int idleTimeoutMs) => new()
    {
        ["baseUrl"] = baseUrl,
        ["auth"] = new JsonObject { ["mode"] = "passthrough" },
        ["connectTimeoutMs"] = 2000,
        ["firstByteTimeoutMs"] = firstByteTimeoutMs,
        ["idleTimeoutMs"] = idleTimeoutMs,
    };

    private static JsonObject Route(string model, string upstream) => new() { ["model"] = model, ["upstream"] = upstream };
}
