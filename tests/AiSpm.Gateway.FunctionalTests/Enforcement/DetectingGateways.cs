using System.Text.Json.Nodes;
using AiSpm.Gateway.FunctionalTests.Infrastructure;

namespace AiSpm.Gateway.FunctionalTests.Enforcement;

/// <summary>A gateway running the repository's real rule packs and scorer, in a chosen mode and fail mode.</summary>
public abstract class DetectingGateway(string mode, string failMode = "closed", double faultRate = 0) : GatewayEnvironment
{
    protected override JsonObject Configure(JsonObject config)
    {
        config["mode"] = mode;
        config["failMode"] = failMode;
        config["rulesDirectory"] = Path.Combine(RepoPaths.Root, "config", "rules");
        var scorer = Path.Combine(RepoPaths.Root, "config", "scorer", "model.json");
        if (File.Exists(scorer))
        {
            config["scorerPath"] = scorer;
        }

        config["highRiskTools"] = new JsonArray("wire_transfer", "payment", "delete_");
        config["faultInjection"] = new JsonObject { ["inspectionFailureRate"] = faultRate };

        // The default, which scans other /v1 paths, instead of the proxying suites' explicit passthrough.
        config.Remove("otherPaths");
        return config;
    }
}

public sealed class EnforcingGateway() : DetectingGateway("enforce");

/// <summary>
/// Enforcing, with a policy that puts the team "research" in monitor mode and limits every key (the client key's
/// fingerprint, a "limited-*" alias, and the shared bucket of requests without a key) to 2 requests a minute, and identity headers as configured.
/// </summary>
public abstract class TeamPolicyGateway(string identityHeaders) : DetectingGateway("enforce")
{
    public const string MonitoredTeam = "research";
    public const int RequestsPerMinute = 2;

    protected override JsonObject Configure(JsonObject config)
    {
        config = base.Configure(config);
        var policy = Path.Combine(Directory.CreateTempSubdirectory("aispm-ft-policy-").FullName, "policy.json");
        File.WriteAllText(policy, $$"""
            {"modeOverrides":[{"team":"{{MonitoredTeam}}","mode":"monitor"}],
             "rateLimits":[{"scope":"key","match":"key-*","requestsPerMinute":{{RequestsPerMinute}}},
                           {"scope":"key","match":"limited-*","requestsPerMinute":{{RequestsPerMinute}}},
                           {"scope":"key","match":"(anonymous)","requestsPerMinute":{{RequestsPerMinute}}}]}
            """);
        config["policyFile"] = policy;
        config["identityHeaders"] = identityHeaders;
        if (identityHeaders == "secret")
        {
            config["identitySecretEnv"] = GatewayConfig.IdentitySecretEnv;
        }

        return config;
    }
}

public sealed class IdentityTrustingGateway() : TeamPolicyGateway("trusted");

public sealed class IdentityIgnoringGateway() : TeamPolicyGateway("ignored");

public sealed class IdentitySecretGateway() : TeamPolicyGateway("secret");

public sealed class MonitoringGateway() : DetectingGateway("monitor");

public sealed class FailClosedGateway() : DetectingGateway("enforce", "closed", faultRate: 1);

public sealed class FailOpenGateway() : DetectingGateway("enforce", "open", faultRate: 1);

[CollectionDefinition(Name)]
public sealed class EnforcingCollection : ICollectionFixture<EnforcingGateway>
{
    public const string Name = "enforcing gateway";
}

[CollectionDefinition(Name)]
public sealed class MonitoringCollection : ICollectionFixture<MonitoringGateway>
{
    public const string Name = "monitoring gateway";
}
