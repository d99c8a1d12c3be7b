using AiSpm.Admin.Discovery;
using Microsoft.Extensions.Configuration;

namespace AiSpm.Admin.Tests.Discovery;

public sealed class DiscoverySettingsTests
{
    private static DiscoverySettings Read(params (string Key, string Value)[] values)
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>("discovery:" + v.Key, v.Value)))
            .Build();
        return DiscoverySettings.From(config.GetSection("discovery"));
    }

    [Fact]
    public void ATemporalConnectorTakesItsAddressNamespaceAndTransport()
    {
        var settings = Read(
            ("connectors:0:type", "temporal"),
            ("connectors:0:name", "orchestration"),
            ("connectors:0:address", "temporal-frontend:7233"),
            ("connectors:0:namespace", "group-sales"),
            ("connectors:0:tls", "false"),
            ("connectors:0:query", "WorkflowType = 'GroupRfpToContract'"));
        var temporal = settings.Find("orchestration")!.Temporal!;
        Assert.Equal("temporal-frontend:7233", temporal.Address);
        Assert.Equal("group-sales", temporal.Namespace);
        Assert.False(temporal.Tls);
        Assert.Equal("WorkflowType = 'GroupRfpToContract'", temporal.Query);
        Assert.Equal("TEMPORAL_API_KEY", temporal.ApiKeyEnv);
    }

    [Fact]
    public void ABadTemporalConnectorIsRefusedWithEveryErrorNamed()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Read(
            ("connectors:0:type", "temporal"),
            ("connectors:0:address", "http://temporal:7233"),
            ("connectors:0:clientCertFile", "client.pem"),
            ("connectors:1:type", "kafka")));
        Assert.Contains("discovery:connectors:0:address", e.Message, StringComparison.Ordinal);
        Assert.Contains("discovery:connectors:0:clientCertFile and clientKeyFile", e.Message, StringComparison.Ordinal);
        Assert.Contains("discovery:connectors:1:type: must be litellm, aws or temporal", e.Message, StringComparison.Ordinal);
    }
}
