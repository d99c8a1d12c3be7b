using System.Text.Json.Nodes;

namespace AiSpm.Gateway.FunctionalTests.Infrastructure;

/// <summary>A gateway with a small body cap and one concurrent request, for the limit tests.</summary>
public sealed class LimitedGateway : GatewayEnvironment
{
    public const int MaxBodyBytes = 4096;

    protected override JsonObject Configure(JsonObject config)
    {
        config["limits"] = new JsonObject { ["maxRequestBodyBytes"] = MaxBodyBytes, ["maxConcurrentRequests"] = 1 };
        return config;
    }
}
