using System.Text;
using AiSpm.Contracts;
using AiSpm.Detection;
using AiSpm.Gateway.Configuration;
using AiSpm.Gateway.Enforcement;
using AiSpm.Gateway.Metrics;
using AiSpm.Gateway.RulePacks;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiSpm.Gateway.Tests.RulePacks;

public sealed class RulePackReloaderTests : IDisposable
{
    private readonly TestPacks _packs = new();
    private readonly GatewayMetrics _metrics = new();
    private readonly PolicyState _policy = new("enforce");
    private InspectorHolder? _holder;

    public void Dispose()
    {
        _holder?.Dispose();
        _packs.Dispose();
    }

    [Fact]
    public void AnEditedPackIsSwappedIn()
    {
        _packs.Write("alpha", "1.0.0", ("T-ALPHA", "alpha-marker"));
        var reloader = Start();
        Assert.Empty(Fired("a new-marker here"));

        _packs.Write("alpha", "1.0.1", ("T-ALPHA", "alpha-marker"), ("T-NEW", "new-marker"));

        Assert.Equal(RuleReloadOutcome.Swapped, reloader.Check());
        Assert.Equal(["T-NEW"], Fired("a new-marker here"));
        Assert.StartsWith("1.0.1+", _holder!.Current.Inspector.PackVersion, StringComparison.Ordinal);
        Assert.Equal(1, reloader.Swapped);
        Assert.Equal("ok", reloader.Status.Result);
    }

    [Fact]
    public void AnUnchangedFolderIsNotRecompiled()
    {
        _packs.Write("alpha", "1.0.0", ("T-ALPHA", "alpha-marker"));
        var reloader = Start();
        var before = _holder!.Current;

        // Same bytes rewritten: a new timestamp, the same content.
        _packs.Write("alpha", "1.0.0", ("T-ALPHA", "alpha-marker"));

        Assert.Equal(RuleReloadOutcome.Unchanged, reloader.Check());
        Assert.Same(before, _holder.Current);
    }

    [Fact]
    public void ABrokenPackIsRefusedWithItsRuleIdAndThePreviousRulesStay()
    {
        _packs.Write("alpha", "1.0.0", ("T-ALPHA", "alpha-marker"));
        var reloader = Start();
        var before = _holder!.Current;

        _packs.Write("alpha", "1.0.1", ("T-ALPHA", "alpha-marker"), ("T-BROKEN", "(?<=lookbehind)x"));

        Assert.Equal(RuleReloadOutcome.Refused, reloader.Check());
        Assert.Same(before, _holder.Current);
        Assert.False(before.IsDisposed);
        Assert.Equal(["T-ALPHA"], Fired("an alpha-marker here"));
        Assert.Equal("refused", reloader.Status.Result);
        Assert.Contains(reloader.Status.Errors, e => e.StartsWith("T-BROKEN:", StringComparison.Ordinal));
        Assert.Equal(1, reloader.Refused);

        // Refused content is not retried every poll, only once it changes again.
        Assert.Equal(RuleReloadOutcome.Unchanged, reloader.Check());
        _packs.Write("alpha", "1.0.2", ("T-ALPHA", "alpha-marker"), ("T-FIXED", "fixed-marker"));
        Assert.Equal(RuleReloadOutcome.Swapped, reloader.Check());
        Assert.Equal(["T-FIXED"], Fired("a fixed-marker here"));
    }

    [Fact]
    public void EnabledRulePacksFromThePolicyLeaveOnlyThosePacksActive()
    {
        _packs.Write("alpha", "1.0.0", ("T-ALPHA", "alpha-marker"));
        _packs.Write("beta", "1.0.0", ("T-BETA", "beta-marker"));
        var reloader = Start();
        Assert.Equal(["T-BETA"], Fired("a beta-marker here"));

        _policy.Apply(new GatewayPolicy { Version = "2", EnabledRulePacks = ["alpha", "no-such-pack"] });

        Assert.Equal(RuleReloadOutcome.Swapped, reloader.Check());
        Assert.Empty(Fired("a beta-marker here"));
        Assert.Equal(["T-ALPHA"], Fired("an alpha-marker here"));
        Assert.Equal(["alpha"], _holder!.Current.Inspector.Packs);
        Assert.Equal(["alpha", "beta"], _holder.Current.Inspector.AvailablePacks);

        // Back to "every pack" when the policy lists none.
        _policy.Apply(new GatewayPolicy { Version = "3" });
        Assert.Equal(RuleReloadOutcome.Swapped, reloader.Check());
        Assert.Equal(["T-BETA"], Fired("a beta-marker here"));
    }

    [Fact]
    public void APolicyNamingOnlyUnknownPacksKeepsEveryPack()
    {
        _packs.Write("alpha", "1.0.0", ("T-ALPHA", "alpha-marker"));
        _packs.Write("beta", "1.0.0", ("T-BETA", "beta-marker"));
        var reloader = Start();

        _policy.Apply(new GatewayPolicy { Version = "2", EnabledRulePacks = ["typo"] });

        Assert.Equal(RuleReloadOutcome.Swapped, reloader.Check());
        Assert.Equal(["alpha", "beta"], _holder!.Current.Inspector.Packs);
        Assert.Equal(["T-BETA"], Fired("a beta-marker here"));
    }

    [Fact]
    public void TheVersionChangesWhenAPackIsDisabled()
    {
        _packs.Write("alpha", "1.0.0", ("T-ALPHA", "alpha-marker"));
        _packs.Write("beta", "1.0.0", ("T-BETA", "beta-marker"));
        var reloader = Start();
        var all = _holder!.Current.Inspector.PackVersion;

        _policy.Apply(new GatewayPolicy { Version = "2", EnabledRulePacks = ["alpha"] });
        reloader.Check();

        Assert.NotEqual(all, _holder.Current.Inspector.PackVersion);
    }

    [Fact]
    public async Task AFileEventTriggersAReloadWithoutACall()
    {
        _packs.Write("alpha", "1.0.0", ("T-ALPHA", "alpha-marker"));
        var reloader = Start(pollIntervalMs: 60_000);
        await reloader.StartAsync(CancellationToken.None);
        try
        {
            _packs.Write("alpha", "1.0.1", ("T-ALPHA", "alpha-marker"), ("T-NEW", "new-marker"));

            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (Fired("a new-marker here").Length == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "the edit was not picked up within 20 s");
                await Task.Delay(50);
            }
        }
        finally
        {
            await reloader.StopAsync(CancellationToken.None);
            reloader.Dispose();
        }
    }

    private RulePackReloader Start(int pollIntervalMs = 30_000)
    {
        var options = new GatewayOptions
        {
            RulesDirectory = _packs.Directory,
            Engine = "managed",
            RulesReload = new RulesReloadOptions { DebounceMs = 50, PollIntervalMs = pollIntervalMs },
        };
        var baseline = new RulePackReloader.Baseline(RulesFingerprint.Compute(_packs.Directory), []);
        _holder = new InspectorHolder(Inspector.Load(RulePackReloader.InspectorOptionsFor(options, [])));
        return new RulePackReloader(options, _holder, _policy, _metrics, NullLoggerFactory.Instance, baseline);
    }

    private string[] Fired(string text)
    {
        using var lease = _holder!.Acquire();
        var findings = new FindingList();
        lease.Stack.Inspector.ScanText(Encoding.UTF8.GetBytes(text), ScanPhase.Request, findings);
        var ids = new List<string>();
        for (var i = 0; i < findings.Count; i++)
        {
            ids.Add(lease.Stack.Inspector.Rules[findings[i].RuleIndex].Id);
        }

        return [.. ids];
    }
}
