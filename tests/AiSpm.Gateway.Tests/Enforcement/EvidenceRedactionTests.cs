using System.Text;
using AiSpm.Contracts;
using AiSpm.Detection;
using AiSpm.Gateway.Enforcement;
using AiSpm.Gateway.Metrics;

namespace AiSpm.Gateway.Tests.Enforcement;

/// <summary>
/// Issue 19's finding: an AWS key inside <c>&lt;iframe title=...&gt;</c> was stored whole in the XSS rule's event,
/// although the secret rule redacts the same key. Every event's evidence must have every overlapping redactable span
/// cut out, on both engines.
/// </summary>
public sealed class EvidenceRedactionTests
{
    private const string Key = "AKIA4HG7QZK2MX9PLW3R";
    private static readonly byte[] Text = Encoding.UTF8.GetBytes("<p>Here:</p><iframe title=\"deploy key " + Key + "\" src=\"https://evil.example/x\"></iframe>");

    [Theory]
    [InlineData(EngineKind.Managed)]
    [InlineData(EngineKind.Hyperscan)]
    public void NoEventOfAnyCategoryCarriesTheSecretItOverlaps(EngineKind engine)
    {
        using var inspector = Inspector.Load(new InspectorOptions
        {
            RulesDirectory = TestSupport.RulesDirectory,
            Engine = engine,
            EnabledPacks = ["insecure_output", "secret"],
        });
        var events = Evaluate(inspector, new GatewayPolicy());

        // Both rules matched: the XSS rule over the tag (and the key in it), the secret rule over the key.
        var xss = Assert.Single(events, e => e.Category == "insecure_output");
        Assert.Contains(events, e => e.Category == "secret");
        Assert.All(events, e => Assert.DoesNotContain(Key, e.Evidence!, StringComparison.Ordinal));
        Assert.DoesNotContain("4HG7QZK2", xss.Evidence!, StringComparison.Ordinal);
        Assert.Contains("<iframe", xss.Evidence!, StringComparison.Ordinal);
        Assert.Contains("bytes redacted]", xss.Evidence!, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSecretIsCutOutEvenWhenItsOwnRuleIsSuppressed()
    {
        using var inspector = Inspector.Load(new InspectorOptions { RulesDirectory = TestSupport.RulesDirectory, Engine = EngineKind.Managed, EnabledPacks = ["insecure_output", "secret"] });
        var suppressions = new List<Suppression>();
        foreach (var rule in inspector.Rules)
        {
            if (rule.Category == "secret")
            {
                suppressions.Add(new Suppression { RuleId = rule.Id });
            }
        }

        var events = Evaluate(inspector, new GatewayPolicy { Suppressions = [.. suppressions] });

        var xss = Assert.Single(events);
        Assert.Equal("insecure_output", xss.Category);
        Assert.DoesNotContain("4HG7QZK2", xss.Evidence!, StringComparison.Ordinal);
    }

    private static List<DetectionEvent> Evaluate(Inspector inspector, GatewayPolicy policy)
    {
        var state = new PolicyState("monitor");
        state.Apply(policy);
        var sink = new RecordingSink();
        var evaluator = new VerdictEvaluator(state, sink, new GatewayMetrics(), redactInsteadOfBlock: true, "test");
        var findings = new FindingList();
        inspector.ScanText(Text, ScanPhase.Response, findings);
        var stack = new InspectorHolder(inspector).Current;
        var exchange = new ExchangeInfo("chat_completions", "m", Enforce: false, RequestIdentity.Anonymous, new TraceIds("r", "t", "a"));
        evaluator.Evaluate(stack, findings, 0, new FindingList(), Text, exchange, ScanPhase.Response, canRedact: true);
        return [.. sink.Events];
    }
}
