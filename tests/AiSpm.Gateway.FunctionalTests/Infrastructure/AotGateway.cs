namespace AiSpm.Gateway.FunctionalTests.Infrastructure;

/// <summary>The published native-AOT gateway binary (AISPM_GATEWAY_AOT_BINARY, set by ./aispm test after publishing).</summary>
public sealed class AotGateway : GatewayEnvironment
{
    public const string Variable = "AISPM_GATEWAY_AOT_BINARY";

    public static string? Binary => Environment.GetEnvironmentVariable(Variable);

    protected override (string File, string[] Args) GatewayCommand(string configPath)
    {
        var binary = Binary;
        if (string.IsNullOrEmpty(binary) || !File.Exists(binary))
        {
            throw new InvalidOperationException(
                $"{Variable} is {(string.IsNullOrEmpty(binary) ? "not set" : $"'{binary}', which does not exist")}. " +
                "The AOT test proxies through the published native binary: run the tests via ./aispm test (it publishes and sets the variable), " +
                $"or run ./aispm publish and export {Variable}=artifacts/gateway/AiSpm.Gateway.");
        }

        return (binary, ["--config", configPath, "--listen", "http://127.0.0.1:0"]);
    }
}
