using AiSpm.Detection.Rules;

namespace AiSpm.Detection.Tests.Rules;

public sealed class RulePackTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aispm-rules-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Good = """
        { "pack": "t", "version": "1.0.0", "rules": [
          { "id": "T-1", "title": "t", "category": "secret", "severity": "high", "phase": "both",
            "patterns": [ { "regex": "\\bfoo[0-9]{3}\\b", "flags": "i" } ], "literals": ["evil-literal"], "redact": true,
            "tags": { "owasp_llm": ["LLM02"] } } ] }
        """;

    [Fact]
    public void AGoodPackLoadsWithItsTagsAndVersion()
    {
        File.WriteAllText(Path.Combine(_dir, "t.json"), Good);
        using var inspector = Inspector.Load(new InspectorOptions { RulesDirectory = _dir, Engine = EngineKind.Managed });
        var rule = inspector.Rules[inspector.FindRule("T-1")];
        Assert.Equal(["LLM02"], rule.OwaspLlm);
        Assert.True(rule.Redactable);
        Assert.StartsWith("1.0.0+", inspector.PackVersion, StringComparison.Ordinal);
        Assert.Contains(inspector.Rules, r => r.Id == Inspector.UndeclaredToolRuleId);
        var findings = new FindingList();
        inspector.ScanText("x FOO123 and EVIL-LITERAL y"u8, ScanPhase.Request, findings);
        Assert.Equal(2, findings.Count);
    }

    [Fact]
    public void EveryErrorIsReportedWithItsRuleIdAndThePreviousInspectorStaysUsable()
    {
        File.WriteAllText(Path.Combine(_dir, "t.json"), Good);
        using var previous = Inspector.Load(new InspectorOptions { RulesDirectory = _dir });

        File.WriteAllText(Path.Combine(_dir, "bad.json"), """
            { "pack": "bad", "version": "1.0.1", "rules": [
              { "id": "T-1", "title": "dup", "category": "secret", "severity": "high", "phase": "both", "patterns": [ { "regex": "abc" } ] },
              { "id": "B-SEV", "title": "x", "category": "secret", "severity": "urgent", "phase": "both", "patterns": [ { "regex": "abc" } ] },
              { "id": "B-CAT", "title": "x", "category": "astrology", "severity": "low", "phase": "sometimes", "patterns": [ { "regex": "abc" } ] },
              { "id": "B-LOOK", "title": "x", "category": "pii", "severity": "low", "phase": "both", "patterns": [ { "regex": "a(?=b)" } ] },
              { "id": "B-BACKREF", "title": "x", "category": "pii", "severity": "low", "phase": "both", "patterns": [ { "regex": "(a)\\1" } ] },
              { "id": "B-COMPILE", "title": "x", "category": "pii", "severity": "low", "phase": "both", "patterns": [ { "regex": "[z-a]" } ] },
              { "id": "B-FLAG", "title": "x", "category": "pii", "severity": "low", "phase": "both", "patterns": [ { "regex": "abc", "flags": "q" } ] },
              { "id": "B-EMPTY", "title": "x", "category": "pii", "severity": "low", "phase": "both" }
            ] }
            """);
        var ex = Assert.Throws<RulePackException>(() => Inspector.Load(new InspectorOptions { RulesDirectory = _dir }));
        foreach (var id in new[] { "T-1: duplicate", "B-SEV", "B-CAT", "B-LOOK", "B-BACKREF", "B-FLAG", "B-EMPTY" })
        {
            Assert.Contains(ex.Errors, e => e.StartsWith(id, StringComparison.Ordinal));
        }

        Assert.Contains(ex.Errors, e => e.Contains("phase", StringComparison.Ordinal) && e.StartsWith("B-CAT", StringComparison.Ordinal));

        var findings = new FindingList();
        previous.ScanText("foo123"u8, ScanPhase.Response, findings);
        Assert.Equal(1, findings.Count);
    }

    [Fact]
    public void ARegexThatFailsToCompileIsReportedWithItsRuleId()
    {
        File.WriteAllText(Path.Combine(_dir, "c.json"), """
            { "pack": "c", "version": "1", "rules": [
              { "id": "C-1", "title": "x", "category": "pii", "severity": "low", "phase": "both", "patterns": [ { "regex": "[z-a]" } ] },
              { "id": "C-2", "title": "x", "category": "pii", "severity": "low", "phase": "both", "patterns": [ { "regex": "ok" } ] } ] }
            """);
        var ex = Assert.Throws<RulePackException>(() => Inspector.Load(new InspectorOptions { RulesDirectory = _dir }));
        Assert.Contains(ex.Errors, e => e.StartsWith("C-1", StringComparison.Ordinal));
        Assert.DoesNotContain(ex.Errors, e => e.StartsWith("C-2", StringComparison.Ordinal));
    }

    [Fact]
    public void InvalidJsonAndAMissingFolderAreClearErrors()
    {
        File.WriteAllText(Path.Combine(_dir, "broken.json"), "{ not json");
        var ex = Assert.Throws<RulePackException>(() => Inspector.Load(new InspectorOptions { RulesDirectory = _dir }));
        Assert.Contains(ex.Errors, e => e.StartsWith("broken.json: invalid JSON", StringComparison.Ordinal));

        var missing = Assert.Throws<RulePackException>(() => Inspector.Load(new InspectorOptions { RulesDirectory = Path.Combine(_dir, "nope") }));
        Assert.Contains("not found", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AScorerPathThatDoesNotExistIsAnError()
    {
        var scorer = Path.Combine(_dir, "no-such-model.json");
        var ex = Assert.Throws<RulePackException>(() => Inspector.Load(new InspectorOptions { RulesDirectory = Inspectors.RulesDirectory, ScorerPath = scorer }));
        Assert.Contains(ex.Errors, e => e.Contains(scorer, StringComparison.Ordinal) && e.Contains("not found", StringComparison.Ordinal));
    }

    [Fact]
    public void TheRepositoryPacksLoadOnBothEngines()
    {
        Assert.Equal("hyperscan", Inspectors.Hyperscan.EngineName);
        Assert.Equal("managed", Inspectors.Managed.EngineName);
        Assert.Equal(Inspectors.Hyperscan.Rules.Count, Inspectors.Managed.Rules.Count);
    }
}
