namespace AiSpm.Gateway.FunctionalTests.Infrastructure;

/// <summary>The gateway with the standard routes and default limits, shared by most tests.</summary>
public sealed class StandardGateway : GatewayEnvironment;
