using System.Text.Json.Nodes;

namespace AiSpm.Gateway.FunctionalTests.Infrastructure;

/// <summary>A mock upstream and a gateway in front of it, both real processes on real sockets.</summary>
public abstract class GatewayEnvironment : IAsyncLifetime
{
    private ServiceProcess? _mock;
    private ServiceProcess? _gateway;

    internal ServiceProcess Mock => _mock ?? throw new InvalidOperationException("not started");

    internal ServiceProcess Gateway => _gateway ?? throw new InvalidOperationException("not started");

    /// <summary>http://127.0.0.1:PORT of the mock (append /v1 for an OpenAI base URL).</summary>
    public string MockUrl => Mock.BaseUrl;

    public string GatewayUrl => Gateway.BaseUrl;

    /// <summary>The gateway's output so far, to attach to a failure.</summary>
    public string GatewayOutput => _gateway?.Output ?? string.Empty;

    public async Task InitializeAsync()
    {
        // Resolve both commands first: a missing build output fails before any process is started.
        var mockDll = RepoPaths.MockDll;
        var configPath = Path.Combine(Directory.CreateTempSubdirectory("aispm-ft-").FullName, "gateway.json");
        var (file, args) = GatewayCommand(configPath);
        try
        {
            _mock = await ServiceProcess.StartAsync(RepoPaths.DotnetHost, [mockDll, "--listen", "http://127.0.0.1:0"], "upstream: ");
            var config = Configure(GatewayConfig.Standard(MockUrl, GatewayConfig.ClosedPort()));
            await File.WriteAllTextAsync(configPath, config.ToJsonString());
            var env = new Dictionary<string, string>
            {
                [GatewayConfig.ReplacedKeyEnv] = GatewayConfig.ReplacedKey,
                [GatewayConfig.IdentitySecretEnv] = GatewayConfig.IdentitySecret,
                [GatewayConfig.ManagementTokenEnv] = GatewayConfig.ManagementToken,
            };
            _gateway = await ServiceProcess.StartAsync(file, args, "gateway: ", env);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public virtual async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        if (_mock is not null)
        {
            await _mock.DisposeAsync();
        }
    }

    /// <summary>Changes the standard configuration for this environment (limits, timeouts).</summary>
    protected virtual JsonObject Configure(JsonObject config) => config;

    /// <summary>The process to start: the managed dll by default.</summary>
    protected virtual (string File, string[] Args) GatewayCommand(string configPath)
        => (RepoPaths.DotnetHost, [RepoPaths.GatewayDll, "--config", configPath, "--listen", "http://127.0.0.1:0"]);
}
