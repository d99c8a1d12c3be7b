using AiSpm.Contracts;
using AiSpm.Gateway.Enforcement;

namespace AiSpm.Gateway.Tests.Enforcement;

public class UsageTests
{
    [Theory]
    [InlineData("{\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":7,\"total_tokens\":12}}", 12)]
    [InlineData("{\"usage\":{\"input_tokens\":3,\"output_tokens\":4}}", 7)]
    [InlineData("{\"choices\":[]}", 0)]
    [InlineData("not json", 0)]
    public void ReadsUsage(string body, long tokens) =>
        Assert.Equal(tokens, UsageReader.TotalTokens(System.Text.Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void RateLimitAppliesPerKey()
    {
        var policy = new PolicyState("enforce");
        policy.Apply(new GatewayPolicy { RateLimits = [new RateLimit { Scope = LimitScope.Key, Match = "*", RequestsPerMinute = 2 }] });
        var limiter = new UsageLimiter(policy);
        var alice = new RequestIdentity("alice", null, null, null, null);
        var bob = new RequestIdentity("bob", null, null, null, null);
        Assert.Null(limiter.TryAcquireRequest(alice, "m"));
        Assert.Null(limiter.TryAcquireRequest(alice, "m"));
        Assert.NotNull(limiter.TryAcquireRequest(alice, "m"));
        Assert.Null(limiter.TryAcquireRequest(bob, "m"));
    }

    [Fact]
    public void TokenVolumeTripsAfterTheKeyUsedItsBudget()
    {
        var policy = new PolicyState("enforce");
        policy.Apply(new GatewayPolicy { TokenLimits = [new TokenLimit { Key = "*", TokensPerMinute = 100 }] });
        var limiter = new UsageLimiter(policy);
        var alice = new RequestIdentity("alice", null, null, null, null);
        Assert.Null(limiter.ExhaustedTokenLimit(alice));
        limiter.ChargeTokens(alice, 60);
        Assert.Null(limiter.ExhaustedTokenLimit(alice));
        limiter.ChargeTokens(alice, 60);
        Assert.NotNull(limiter.ExhaustedTokenLimit(alice));
    }

    [Fact]
    public void ModeOverridesApplyPerKey()
    {
        var policy = new PolicyState("monitor");
        policy.Apply(new GatewayPolicy { ModeOverrides = [new ModeOverride { Key = "risky-*", Mode = PolicyMode.Enforce }] });
        Assert.True(policy.IsEnforcing("chat_completions", new RequestIdentity("risky-agent", null, null, null, null), "m"));
        Assert.False(policy.IsEnforcing("chat_completions", new RequestIdentity("calm", null, null, null, null), "m"));
    }

    [Fact]
    public void RequestsWithoutAKeyShareOneBucketInAKeyScopedLimit()
    {
        var policy = new PolicyState("enforce");
        policy.Apply(new GatewayPolicy { RateLimits = [new RateLimit { Scope = LimitScope.Key, Match = "*", RequestsPerMinute = 2 }] });
        var limiter = new UsageLimiter(policy);

        Assert.Null(limiter.TryAcquireRequest(RequestIdentity.Anonymous, "m"));
        Assert.Null(limiter.TryAcquireRequest(RequestIdentity.Anonymous with { CallId = "other-call" }, "m"));
        Assert.NotNull(limiter.TryAcquireRequest(RequestIdentity.Anonymous, "m"));
        Assert.Null(limiter.TryAcquireRequest(new RequestIdentity("alice", null, null, null, null), "m"));
    }

    [Fact]
    public void ALimitCanNameTheAnonymousBucket()
    {
        var policy = new PolicyState("enforce");
        policy.Apply(new GatewayPolicy { RateLimits = [new RateLimit { Scope = LimitScope.Key, Match = UsageLimiter.AnonymousKey, RequestsPerMinute = 1 }] });
        var limiter = new UsageLimiter(policy);

        Assert.Null(limiter.TryAcquireRequest(RequestIdentity.Anonymous, "m"));
        Assert.NotNull(limiter.TryAcquireRequest(RequestIdentity.Anonymous, "m"));
        Assert.Null(limiter.TryAcquireRequest(new RequestIdentity("alice", null, null, null, null), "m"));
        Assert.Null(limiter.TryAcquireRequest(new RequestIdentity("alice", null, null, null, null), "m"));
    }

    [Fact]
    public void TokenVolumeOfRequestsWithoutAKeyIsChargedToTheAnonymousBucket()
    {
        var policy = new PolicyState("enforce");
        policy.Apply(new GatewayPolicy { TokenLimits = [new TokenLimit { Key = "*", TokensPerMinute = 100 }] });
        var limiter = new UsageLimiter(policy);

        limiter.ChargeTokens(RequestIdentity.Anonymous, 150);

        Assert.NotNull(limiter.ExhaustedTokenLimit(RequestIdentity.Anonymous));
    }

    [Fact]
    public void AFloodOfNewKeysEvictsTheLeastRecentlyUsedBucketsAndKeepsTheOnesInUse()
    {
        var policy = new PolicyState("enforce");
        policy.Apply(new GatewayPolicy { RateLimits = [new RateLimit { Scope = LimitScope.Key, Match = "*", RequestsPerMinute = 2 }] });
        var limiter = new UsageLimiter(policy, maxBuckets: 20);
        var idle = new RequestIdentity("idle", null, null, null, null);
        var busy = new RequestIdentity("busy", null, null, null, null);
        foreach (var who in new[] { idle, busy })
        {
            limiter.TryAcquireRequest(who, "m");
            limiter.TryAcquireRequest(who, "m");
            Assert.NotNull(limiter.TryAcquireRequest(who, "m"));
        }

        for (var i = 0; i < 100; i++)
        {
            limiter.TryAcquireRequest(new RequestIdentity("flood-" + i, null, null, null, null), "m");

            // The busy key keeps using its bucket through the flood: still exhausted every time.
            Assert.NotNull(limiter.TryAcquireRequest(busy, "m"));
            Assert.InRange(limiter.BucketCount, 1, 20);
        }

        // The idle key's bucket was evicted; it starts afresh.
        Assert.Null(limiter.TryAcquireRequest(idle, "m"));
    }
}
