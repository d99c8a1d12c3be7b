using System.Text.Json.Nodes;
using AiSpm.Gateway.FunctionalTests.Infrastructure;

namespace AiSpm.Gateway.FunctionalTests.Bedrock;

/// <summary>
/// The fake Bedrock runtime and a gateway in front of it, enforcing with the repository's real rule packs, verifying
/// callers' SigV4 against one caller key and re-signing with its own (the fake's) credentials. Guardrails: models
/// <c>guarded-open-*</c> fail open, <c>guarded-*</c> fail closed, both with a 2.5 s budget (generous: the machine running the tests may be loaded).
/// </summary>
public class BedrockGateway : IAsyncLifetime
{
    public const string CallerKeyId = "AKIDCALLERFT00000001";
    public const string CallerSecret = "caller-secret/only-the-gateway-knows";
    private const string CallerKeysEnv = "AISPM_FT_BEDROCK_CALLER_KEYS";

    private FakeBedrockRuntime? _fake;
    private ServiceProcess? _gateway;

    internal FakeBedrockRuntime Fake => _fake ?? throw new InvalidOperationException("not started");

    public string GatewayUrl => (_gateway ?? throw new InvalidOperationException("not started")).BaseUrl;

    public string GatewayOutput => _gateway?.Output ?? string.Empty;

    /// <summary>False: a Bedrock-only gateway, with no OpenAI-compatible upstream or route.</summary>
    protected virtual bool WithOpenAiUpstream => true;

    /// <summary><c>sigv4</c> (callers sign with the configured key) or <c>trusted</c> (behind LiteLLM; nothing checked).</summary>
    protected virtual string CallerAuth => "sigv4";

    /// <summary>An admin service to hand events and traffic summaries to, or none.</summary>
    protected virtual string? AdminBaseUrl => null;

    /// <summary>Stops the gateway with SIGTERM, as an orchestrator would, so it flushes what it holds.</summary>
    public Task StopGatewayAsync() => (_gateway ?? throw new InvalidOperationException("not started")).TerminateAsync(TimeSpan.FromSeconds(20));

    public async Task InitializeAsync()
    {
        var configPath = Path.Combine(Directory.CreateTempSubdirectory("aispm-ft-bedrock-").FullName, "gateway.json");
        _fake = new FakeBedrockRuntime();
        var config = new JsonObject
        {
            ["listen"] = "http://127.0.0.1:0",
            ["mode"] = "enforce",
            ["rulesDirectory"] = Path.Combine(RepoPaths.Root, "config", "rules"),
            ["highRiskTools"] = new JsonArray("payment", "wire_transfer"),
            ["bedrock"] = new JsonObject
            {
                ["endpoint"] = _fake.BaseUrl,
                ["region"] = AwsSigning.Region,
                ["callerAuth"] = CallerAuth,
                ["callerKeysEnv"] = CallerKeysEnv,
                ["firstByteTimeoutMs"] = 10_000,
                ["idleTimeoutMs"] = 10_000,
                ["guardrails"] = new JsonArray
                {
                    Guardrail("guarded-open-*", "open"),
                    Guardrail("guarded-*", "closed"),
                },
            },
        };
        if (WithOpenAiUpstream)
        {
            // Nothing in the Bedrock tests uses these; the Bedrock-only gateway has none.
            config["upstreams"] = new JsonObject { ["unused"] = new JsonObject { ["baseUrl"] = $"http://127.0.0.1:{GatewayConfig.ClosedPort()}/v1" } };
            config["routes"] = new JsonArray { new JsonObject { ["model"] = "unused-*", ["upstream"] = "unused" } };
        }

        if (AdminBaseUrl is { } admin)
        {
            config["admin"] = new JsonObject { ["baseUrl"] = admin, ["spoolDirectory"] = Path.Combine(Path.GetDirectoryName(configPath)!, "spool") };
        }

        await File.WriteAllTextAsync(configPath, config.ToJsonString());
        var env = new Dictionary<string, string>
        {
            [CallerKeysEnv] = CallerKeyId + ":" + CallerSecret,
            ["AWS_ACCESS_KEY_ID"] = FakeBedrockRuntime.GatewayKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = FakeBedrockRuntime.GatewaySecret,
            ["AWS_SESSION_TOKEN"] = string.Empty,
        };
        _gateway = await ServiceProcess.StartAsync(RepoPaths.DotnetHost, [RepoPaths.GatewayDll, "--config", configPath, "--listen", "http://127.0.0.1:0"], "gateway: ", env);
    }

    public virtual async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        if (_fake is not null)
        {
            await _fake.DisposeAsync();
        }
    }

    private static JsonObject Guardrail(string model, string failMode) => new()
    {
        ["model"] = model,
        ["guardrailIdentifier"] = "gr-ft",
        ["guardrailVersion"] = "1",
        ["timeoutMs"] = 2500,
        ["failMode"] = failMode,
    };
}
