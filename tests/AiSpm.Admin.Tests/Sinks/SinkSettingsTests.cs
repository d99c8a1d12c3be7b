using AiSpm.Admin.Correlation;
using AiSpm.Admin.Sinks;
using AiSpm.Admin.Storage.Outbox;
using AiSpm.Admin.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace AiSpm.Admin.Tests.Sinks;

public sealed class SinkSettingsTests
{
    private static SinksSettings Read(Dictionary<string, string?> values, Func<string, string?>? env = null) =>
        SinksSettings.From(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), env ?? (_ => null));

    [Fact]
    public void EveryErrorIsReportedAtOnce()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Read(new()
        {
            ["sinks:Bad Name:type"] = "webhook",
            ["sinks:a:type"] = "carrier-pigeon",
            ["sinks:a:url"] = "ftp://x",
            ["sinks:b:type"] = "webhook",
            ["sinks:b:url"] = "https://example.com/hook",
            ["sinks:b:secretEnv"] = "NOT_SET",
            ["sinks:b:minSeverity"] = "urgent",
            ["sinks:b:sources"] = "runtime,weather",
            ["sinks:b:maxAttempts"] = "0",
            ["sinks:hub:type"] = "securityhub",
            ["sinks:hub:accountId"] = "12345",
            ["sinks:bus:type"] = "eventbridge",
            ["sinks:bus:region"] = "us-east-1",
            ["sinks:topic:type"] = "sns",
            ["sinks:topic:region"] = "mars",
            ["sinks:topic:topicArn"] = "not-an-arn",
            ["outbox:pollMs"] = "1",
        }));
        foreach (var part in new[]
        {
            "'Bad Name' must be", "sinks:a:type must be webhook, slack, securityhub, eventbridge or sns", "sinks:a:url must be", "NOT_SET must hold a secret",
            "sinks:b:minSeverity", "'weather' must be runtime or posture", "sinks:b:maxAttempts", "outbox:pollMs",
            "sinks:hub:accountId must be the 12-digit", "sinks:hub:region must be", "sinks:bus:eventBusName must name",
            "sinks:topic:topicArn must be", "sinks:topic:region must be",
        })
        {
            Assert.Contains(part, ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TheSecretComesFromTheNamedEnvironmentVariable()
    {
        var s = Read(new() { ["sinks:h:type"] = "webhook", ["sinks:h:url"] = "https://example.com/h", ["sinks:h:secretEnv"] = "HOOK_SECRET" },
            name => name == "HOOK_SECRET" ? "0123456789abcdef0123" : null);
        Assert.Equal("0123456789abcdef0123"u8.ToArray(), Assert.Single(s.Sinks).Secret);
    }

    [Fact]
    public void FiltersSelectBySeverityCategorySourceAndStatusChanges()
    {
        var settings = Read(new()
        {
            ["sinks:high:type"] = "slack",
            ["sinks:high:url"] = "https://hooks.slack.com/services/x",
            ["sinks:high:minSeverity"] = "high",
            ["sinks:pii:type"] = "slack",
            ["sinks:pii:url"] = "https://hooks.slack.com/services/y",
            ["sinks:pii:categories"] = "pii,secret",
            ["sinks:pii:statusChanges"] = "false",
            ["sinks:posture:type"] = "slack",
            ["sinks:posture:url"] = "https://hooks.slack.com/services/z",
            ["sinks:posture:sources"] = "posture",
        });
        var router = new SinkRouter(settings);
        var correlator = new Correlator(new CorrelationOptions());
        var jailbreakHigh = correlator.Apply(null, Events.Make(1, severity: "high"));
        var piiLow = correlator.Apply(null, Events.Make(1, category: "pii", severity: "low"));

        Assert.Equal(["high"], router.SinksFor(FindingChange.Created, jailbreakHigh));
        Assert.Equal(["pii"], router.SinksFor(FindingChange.Created, piiLow));
        Assert.Empty(router.SinksFor(FindingChange.StatusChanged, piiLow));
        Assert.Equal(["posture"], router.SinksFor(FindingChange.Created, piiLow with { Type = "posture_guardrail_missing", Category = "x" }));
    }

    [Fact]
    public void AnInvalidSinkStopsTheAdminFromStarting()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => AiSpm.Admin.Hosting.AdminApp.Build([], new Dictionary<string, string?>
        {
            ["listen"] = "http://127.0.0.1:0",
            ["auth:mode"] = "local",
            ["sinks:x:type"] = "webhook",
            ["sinks:x:url"] = "https://example.com",
            ["sinks:x:secretEnv"] = "AISPM_TEST_UNSET_SECRET_VARIABLE",
        }));
        Assert.Contains("AISPM_TEST_UNSET_SECRET_VARIABLE", ex.Message, StringComparison.Ordinal);
    }
}
