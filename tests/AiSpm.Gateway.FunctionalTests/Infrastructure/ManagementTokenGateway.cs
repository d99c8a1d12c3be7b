using System.Text.Json.Nodes;

namespace AiSpm.Gateway.FunctionalTests.Infrastructure;

/// <summary>A gateway whose /metrics and /readyz detail require the management token.</summary>
public sealed class ManagementTokenGateway : GatewayEnvironment
{
    protected override JsonObject Configure(JsonObject config)
    {
        config["managementTokenEnv"] = GatewayConfig.ManagementTokenEnv;
        return config;
    }
}
