using System.Security.Cryptography;
using System.Text;
using AiSpm.Contracts;
using AiSpm.Detection;
using AiSpm.Gateway.Enforcement;
using AiSpm.Gateway.Inspection;
using AiSpm.Gateway.Metrics;

namespace AiSpm.Gateway.Tests.Enforcement;

public sealed class VerdictEvaluatorTests(InspectorFixture fixture) : IClassFixture<InspectorFixture>
{
    private const string Key = "AKIA4HG7QZK2MX9PLW3R";
    private static readonly byte[] Text = Encoding.UTF8.GetBytes("the deploy key is " + Key + " for the pipeline");

    [Fact]
    public void EnforceBlocksAndEmitsAnEventWithoutTheSecret()
    {
        var (verdict, events, _) = Evaluate(new GatewayPolicy(), enforce: true, canRedact: false);
        Assert.True(verdict.Blocked);
        Assert.Contains(events, e => e.Category == "secret");
        foreach (var e in events)
        {
            Assert.Equal(EventAction.Blocked, e.Action);
            Assert.DoesNotContain(Key, e.Evidence!, StringComparison.Ordinal);
            Assert.Contains(e.Tags, t => t.StartsWith("owasp-llm:", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void RedactableFindingsAreRedactedWhenTheBodyCanBeRewritten()
    {
        var (verdict, events, effective) = Evaluate(new GatewayPolicy(), enforce: true, canRedact: true);
        Assert.False(verdict.Blocked);
        Assert.True(verdict.RedactCount > 0);
        Assert.All(events, e => Assert.Equal(EventAction.Redacted, e.Action));
        using var redacted = BodyRedactor.Redact(Text, effective, fixture.Inspector);
        Assert.DoesNotContain(Key, Encoding.UTF8.GetString(redacted.Span), StringComparison.Ordinal);
    }

    [Fact]
    public void MonitorOnlyFlags()
    {
        var (verdict, events, _) = Evaluate(new GatewayPolicy(), enforce: false, canRedact: true);
        Assert.False(verdict.Blocked);
        Assert.Equal(0, verdict.RedactCount);
        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.Equal(EventAction.Flagged, e.Action));
    }

    [Fact]
    public void ARuleSuppressionSilencesTheRuleOnlyForItsKey()
    {
        var ruleId = FirstRuleId();
        var policy = new GatewayPolicy { Suppressions = [new Suppression { RuleId = ruleId, Key = "ci-bot" }] };
        var (forBot, botEvents, _) = Evaluate(policy, enforce: true, canRedact: false, key: "ci-bot");
        Assert.DoesNotContain(botEvents, e => e.RuleId == ruleId);
        var (forOthers, otherEvents, _) = Evaluate(policy, enforce: true, canRedact: false, key: "someone");
        Assert.Contains(otherEvents, e => e.RuleId == ruleId);
        Assert.True(forOthers.Blocked);
        _ = forBot;
    }

    [Fact]
    public void ATextHashSuppressionSilencesOnlyThatExactText()
    {
        var ruleId = FirstRuleId();
        var matched = MatchedText(ruleId);
        var hash = Convert.ToHexStringLower(SHA256.HashData(matched));
        var (_, events, _) = Evaluate(new GatewayPolicy { Suppressions = [new Suppression { RuleId = ruleId, TextSha256 = hash }] }, enforce: true, canRedact: false);
        Assert.DoesNotContain(events, e => e.RuleId == ruleId);
        var (_, other, _) = Evaluate(new GatewayPolicy { Suppressions = [new Suppression { RuleId = ruleId, TextSha256 = new string('0', 64) }] }, enforce: true, canRedact: false);
        Assert.Contains(other, e => e.RuleId == ruleId);
    }

    private string FirstRuleId()
    {
        var findings = new FindingList();
        fixture.Inspector.ScanText(Text, ScanPhase.Response, findings);
        Assert.True(findings.Count > 0, "the secret rules should match the test text");
        return fixture.Inspector.Rules[findings[0].RuleIndex].Id;
    }

    private byte[] MatchedText(string ruleId)
    {
        var findings = new FindingList();
        fixture.Inspector.ScanText(Text, ScanPhase.Response, findings);
        foreach (var f in findings.AsSpan())
        {
            if (fixture.Inspector.Rules[f.RuleIndex].Id == ruleId)
            {
                return Text[f.Start..f.End];
            }
        }

        throw new InvalidOperationException("no finding for " + ruleId);
    }

    private (Verdict Verdict, List<DetectionEvent> Events, FindingList Effective) Evaluate(GatewayPolicy policy, bool enforce, bool canRedact, string? key = null)
    {
        var state = new PolicyState(enforce ? "enforce" : "monitor");
        state.Apply(policy);
        var sink = new RecordingSink();
        var evaluator = new VerdictEvaluator(state, sink, new GatewayMetrics(), redactInsteadOfBlock: true, "test");
        var findings = new FindingList();
        fixture.Inspector.ScanText(Text, ScanPhase.Response, findings);
        var effective = new FindingList();
        var stack = new InspectorHolder(fixture.Inspector).Current;
        var exchange = new ExchangeInfo("chat_completions", "m", enforce, new RequestIdentity(key, null, null, null, null), new TraceIds("r", "t", "a"));
        var verdict = evaluator.Evaluate(stack, findings, 0, effective, Text, exchange, ScanPhase.Response, canRedact);
        return (verdict, [.. sink.Events], effective);
    }
}
