using System.Text.Json;
using AiSpm.Contracts;

namespace AiSpm.Admin.Tests.Contracts;

/// <summary>The shared contract as the gateway reads it (lenient, source-generated) and its policy helpers.</summary>
public sealed class ContractsTests
{
    [Fact]
    public void AbsentListsAndDefaultsAreNeverNull()
    {
        var p = JsonSerializer.Deserialize("{\"mode\":\"enforce\"}", ContractsJsonContext.Default.GatewayPolicy)!;
        Assert.Equal("0", p.Version);
        Assert.Empty(p.ModeOverrides);
        Assert.Empty(p.Suppressions);
        Assert.Empty(p.RateLimits);
        Assert.Empty(p.TokenLimits);
        Assert.Empty(p.EnabledRulePacks);
        var r = JsonSerializer.Deserialize("{\"scope\":\"key\",\"requestsPerMinute\":5}", ContractsJsonContext.Default.RateLimit!);
        Assert.Equal("*", r!.Match);
        var e = JsonSerializer.Deserialize("{\"eventId\":\"a\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"gatewayId\":\"g\",\"ruleId\":\"r\",\"category\":\"c\",\"severity\":\"low\",\"action\":\"flagged\",\"phase\":\"request\",\"mode\":\"monitor\"}", ContractsJsonContext.Default.DetectionEvent)!;
        Assert.Empty(e.Tags);
    }

    [Fact]
    public void NewerAdminFieldsDoNotBreakAnOlderGateway()
    {
        var p = JsonSerializer.Deserialize("{\"version\":\"7\",\"mode\":\"monitor\",\"someFutureField\":{\"x\":1}}", ContractsJsonContext.Default.GatewayPolicy)!;
        Assert.Equal("7", p.Version);
    }

    [Fact]
    public void ModeResolutionTakesTheFirstMatchingOverrideThenTheDefaultThenTheFallback()
    {
        var p = new GatewayPolicy
        {
            Mode = "monitor",
            ModeOverrides =
            [
                new ModeOverride { Key = "vip", Mode = "monitor" },
                new ModeOverride { Model = "gpt-4o*", Mode = "enforce" },
                new ModeOverride { Team = "red", Route = "/v1/messages", Mode = "enforce" },
            ],
        };
        Assert.Equal("monitor", p.ResolveMode("/v1/chat/completions", "vip", null, "gpt-4o", "enforce"));
        Assert.Equal("enforce", p.ResolveMode("/v1/chat/completions", "k", null, "gpt-4o-mini", "monitor"));
        Assert.Equal("enforce", p.ResolveMode("/v1/messages", "k", "red", "claude", "monitor"));
        Assert.Equal("monitor", p.ResolveMode("/v1/chat/completions", "k", "red", "claude", "enforce"));
        Assert.Equal("enforce", GatewayPolicy.Default.ResolveMode(null, null, null, null, "enforce"));
    }

    [Fact]
    public void SuppressionsMatchRuleScopeAndOptionalTextHash()
    {
        const string Hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        var p = new GatewayPolicy
        {
            Suppressions = [new Suppression { RuleId = "pii.email", Team = "support" }, new Suppression { RuleId = "secret.aws", TextSha256 = Hash }],
        };
        Assert.True(p.IsSuppressed("pii.email", "k", "support", null, null));
        Assert.False(p.IsSuppressed("pii.email", "k", "sales", null, null));
        Assert.False(p.IsSuppressed("pii.phone", "k", "support", null, null));
        Assert.True(p.IsSuppressed("secret.aws", null, null, null, Hash.ToUpperInvariant()));
        Assert.False(p.IsSuppressed("secret.aws", null, null, null, null));
    }

    [Theory]
    [InlineData(null, "x", true)]
    [InlineData("*", null, true)]
    [InlineData("gpt-4o*", "gpt-4o-mini", true)]
    [InlineData("gpt-4o*", "gpt-3.5", false)]
    [InlineData("exact", "exact", true)]
    [InlineData("exact", "exactly", false)]
    [InlineData("exact", null, false)]
    public void GlobMatching(string? pattern, string? value, bool expected) => Assert.Equal(expected, Glob.Matches(pattern, value));

    [Fact]
    public void NewIdsAreUniqueAndTimeOrdered()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => DetectionEvent.NewId()).ToArray();
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Equal(32, id.Length));
    }
}
