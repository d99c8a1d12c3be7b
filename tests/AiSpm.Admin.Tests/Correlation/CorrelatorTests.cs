using AiSpm.Admin.Correlation;
using AiSpm.Admin.Tests.Support;
using AiSpm.Contracts;

namespace AiSpm.Admin.Tests.Correlation;

public sealed class CorrelatorTests
{
    private readonly Correlator _correlator = new(new CorrelationOptions { Window = TimeSpan.FromHours(1), EscalateAfter = 3, MaxEvidence = 2 });

    [Fact]
    public void SameKindPrincipalAndWindowShareOneFindingId()
    {
        var a = Events.Make(0);
        Assert.Equal(_correlator.FindingIdFor(a), _correlator.FindingIdFor(Events.Make(5, rule: "jb.other", severity: "low")));
        Assert.NotEqual(_correlator.FindingIdFor(a), _correlator.FindingIdFor(Events.Make(0, key: "bob")));
        Assert.NotEqual(_correlator.FindingIdFor(a), _correlator.FindingIdFor(Events.Make(0, category: "pii")));
        Assert.NotEqual(_correlator.FindingIdFor(a), _correlator.FindingIdFor(a with { Timestamp = a.Timestamp.AddHours(2) }));
    }

    [Fact]
    public void PrincipalFallsBackFromKeyToUserTeamEndUserAndGateway()
    {
        var e = Events.Make(0, key: null, team: null);
        Assert.Equal("gateway:gw-1", Correlator.PrincipalOf(e));
        Assert.Equal("end_user:eu", Correlator.PrincipalOf(e with { EndUser = "eu" }));
        Assert.Equal("team:t", Correlator.PrincipalOf(e with { EndUser = "eu", Team = "t" }));
        Assert.Equal("user:u", Correlator.PrincipalOf(e with { Team = "t", User = "u" }));
        Assert.Equal("key:k", Correlator.PrincipalOf(e with { User = "u", KeyAlias = "k" }));
    }

    [Fact]
    public void ApplyCountsKeepsBoundsEscalatesOnceAndBoundsEvidence()
    {
        var f = _correlator.Apply(null, Events.Make(10, severity: "low", evidence: "a"));
        Assert.Equal(1, f.Count);
        Assert.Equal("open", f.Status);
        f = _correlator.Apply(f, Events.Make(5, severity: "medium", evidence: "b"));
        Assert.Equal("medium", f.Severity);
        f = _correlator.Apply(f, Events.Make(20, severity: "low", evidence: "c"));
        Assert.Equal(3, f.Count);
        Assert.Equal("high", f.Severity); // escalated at the third event
        f = _correlator.Apply(f, Events.Make(21, severity: "low", evidence: "d"));
        Assert.Equal("high", f.Severity); // only once
        Assert.Equal(Events.Base.AddSeconds(5), f.FirstSeen);
        Assert.Equal(Events.Base.AddSeconds(21), f.LastSeen);
        Assert.Equal(["d", "c"], f.Evidence);
        Assert.Equal(4, f.Revision);
    }

    [Fact]
    public void EveryCategoryHasATypeTitleAndRemediation()
    {
        foreach (var category in new[] { "jailbreak", "prompt_injection", "system_prompt_extraction", "memory_poisoning", "pii", "secret", "insecure_output", "tool_misuse", "excessive_agency", "rate", "token_volume", "brand_new" })
        {
            var kind = FindingKind.ForCategory(category);
            Assert.False(string.IsNullOrWhiteSpace(kind.Type));
            Assert.False(string.IsNullOrWhiteSpace(kind.Title));
            Assert.False(string.IsNullOrWhiteSpace(kind.Remediation));
        }

        Assert.Equal("jailbreak_activity", FindingKind.ForCategory("jailbreak").Type);
        Assert.Equal("brand_new_activity", FindingKind.ForCategory("brand_new").Type);
    }

    [Fact]
    public void AFindingCopiesOnlyTheRedactedEvidenceOfItsEvents()
    {
        // Every free-text field of the event carries a marker; only the evidence may reach the finding.
        var e = Events.Make(0, evidence: "token [REDACTED:secret] here") with
        {
            RequestId = "MARK-request",
            TraceParent = "MARK-trace",
            AmznTraceId = "MARK-amzn",
            LiteLlmCallId = "MARK-call",
            Route = "/MARK-route",
            EndUser = "MARK-end-user",
            User = "MARK-user",
        };
        var f = _correlator.Apply(_correlator.Apply(null, e), e with { EventId = DetectionEvent.NewId(), Evidence = "second [REDACTED]" });
        var json = System.Text.Json.JsonSerializer.Serialize(f, AiSpm.Admin.Json.AdminJsonContext.Default.FindingRecord);
        Assert.DoesNotContain("MARK", json, StringComparison.Ordinal);
        Assert.Equal(["second [REDACTED]", "token [REDACTED:secret] here"], f.Evidence);
    }
}
