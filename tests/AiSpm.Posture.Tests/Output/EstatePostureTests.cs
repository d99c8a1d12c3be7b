using System.Text.Json;
using AiSpm.Rego.Cli.Posture;

namespace AiSpm.Posture.Tests.Output;

/// <summary>`posture --offline DIR --json` over the scanner's hand-made export of a small estate (Bedrock, AgentCore,
/// SageMaker, IAM, Lambda, LiteLLM): the failures the estate was built to show, and passes where it is configured well.</summary>
public class EstatePostureTests
{
    private static string Estate => Path.Combine(TestControls.RepoRoot(), "tests", "AiSpm.Scanner.Tests", "Exports", "estate");

    private static string Controls => Path.Combine(TestControls.RepoRoot(), "config", "controls");

    private const string Strong = "arn:aws:bedrock:us-east-1:123456789012:guardrail/gr1strong";
    private const string Weak = "arn:aws:bedrock:us-east-1:123456789012:guardrail/gr2weak";
    private const string AllModelsKey = "litellm:key:1f0e3dad99908345f7439f8ffabdffc4e5d8b8e1b7b2c1e1e1e1e1e1e1e1e1e1";
    private const string SalesKey = "litellm:key:88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b";

    private static JsonDocument Run(params string[] extra)
    {
        using var json = new MemoryStream();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = PostureCommand.Run(["--offline", Estate, "--json", "--controls", Controls, .. extra], stdout, stderr, json);
        Assert.True(code == 0, stderr.ToString());
        Assert.Equal(string.Empty, stderr.ToString());
        return JsonDocument.Parse(json.ToArray());
    }

    private static Dictionary<string, (string Status, string[] Reasons)> Results(JsonDocument doc, string control)
    {
        foreach (var c in doc.RootElement.GetProperty("controls").EnumerateArray())
        {
            if (c.GetProperty("id").GetString() == control)
            {
                var d = new Dictionary<string, (string, string[])>(StringComparer.Ordinal);
                foreach (var r in c.GetProperty("results").EnumerateArray())
                {
                    d[r.GetProperty("resource").GetString()!] = (r.GetProperty("status").GetString()!, r.GetProperty("reasons").EnumerateArray().Select(x => x.GetString()!).ToArray());
                }

                return d;
            }
        }

        Assert.Fail("no control " + control);
        return null!;
    }

    [Fact]
    public void TheWeakGuardrailFailsThePromptAttackControlAndTheStrongOnePasses()
    {
        using var doc = Run();
        var r = Results(doc, "AISPM-BEDROCK-GUARDRAIL-001");
        Assert.Equal("failing", r[Weak].Status);
        Assert.Equal("passing", r[Strong].Status);
        Assert.DoesNotContain("litellm:guardrail:presidio-pii", r.Keys);
    }

    [Fact]
    public void LoggingOffFailsInTheRegionWithoutItAndPassesWhereItIsOn()
    {
        using var doc = Run();
        var r = Results(doc, "AISPM-BEDROCK-LOGGING-001");
        Assert.Equal("failing", r["aws:invocation_logging:123456789012:eu-west-1"].Status);
        Assert.Equal("passing", r["aws:invocation_logging:123456789012:us-east-1"].Status);
    }

    [Fact]
    public void TheKnowledgeBaseDataSourceWithoutACustomerManagedKeyFails()
    {
        using var doc = Run();
        var (status, reasons) = Results(doc, "AISPM-BEDROCK-KB-001")["aws:data_source:KBMENU001/DSMENU001"];
        Assert.Equal("failing", status);
        Assert.Contains(reasons, x => x.Contains("customer-managed", StringComparison.Ordinal));
    }

    [Fact]
    public void TheAllModelsKeyIsOverPrivilegedAndTheScopedKeyIsNot()
    {
        using var doc = Run();
        var r = Results(doc, "overprivileged_key");
        Assert.Equal("failing", r[AllModelsKey].Status);
        Assert.Contains("key everything may call every model", r[AllModelsKey].Reasons);
        Assert.Equal("passing", r[SalesKey].Status);
    }

    [Fact]
    public void TheAllModelsKeyHasUnrestrictedModelAccessAndBothKeysPassTheProxysDefaultGuardrail()
    {
        using var doc = Run();
        var access = Results(doc, "unrestricted_model_access");
        Assert.Equal("failing", access[AllModelsKey].Status);
        Assert.Equal("passing", access[SalesKey].Status);
        var guardrails = Results(doc, "missing_guardrails");
        Assert.Equal("passing", guardrails[AllModelsKey].Status);
        Assert.Equal("passing", guardrails[SalesKey].Status);
    }

    [Fact]
    public void TheApprovedModelListComesFromConfig()
    {
        var config = Path.Combine(Path.GetTempPath(), "aispm-posture-config-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(config, """{"approved_models": ["gpt-4o"]}""");
        try
        {
            using var withList = Run("--config", config);
            var r = Results(withList, "unapproved_model");
            Assert.Equal("passing", r["litellm:route:gpt-4o"].Status);
            Assert.Equal("failing", r["litellm:route:claude-sonnet"].Status);
            Assert.Equal(2, r["litellm:route:claude-sonnet"].Reasons.Length);
            using var without = Run();
            Assert.All(Results(without, "unapproved_model").Values, x => Assert.Equal("passing", x.Status));
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public void EachAgentHasItsOwnRoleAndAGuardrail()
    {
        using var doc = Run();
        Assert.All(Results(doc, "AISPM-BEDROCK-AGENT-003").Values, r => Assert.Equal("passing", r.Status));
        Assert.All(Results(doc, "AISPM-BEDROCK-AGENT-001").Values, r => Assert.Equal("passing", r.Status));
    }

    [Fact]
    public void NoResultIsAnErrorAndEveryControlLoaded()
    {
        using var doc = Run();
        Assert.Equal(0, doc.RootElement.GetProperty("loadErrors").GetArrayLength());
        foreach (var c in doc.RootElement.GetProperty("controls").EnumerateArray())
        {
            Assert.Equal(0, c.GetProperty("counts").GetProperty("error").GetInt32());
            foreach (var r in c.GetProperty("results").EnumerateArray())
            {
                Assert.NotEqual("error", r.GetProperty("status").GetString());
            }
        }
    }

    [Fact]
    public void TheReportCarriesScoresAndTheFrameworkReport()
    {
        using var doc = Run();
        var overall = doc.RootElement.GetProperty("scores").GetProperty("overall");
        Assert.InRange(overall.GetProperty("score").GetDouble(), 1, 99);
        Assert.True(doc.RootElement.GetProperty("scores").GetProperty("teams").TryGetProperty("events-planning", out _));
        Assert.True(doc.RootElement.GetProperty("scores").GetProperty("accounts").TryGetProperty("123456789012", out _));
        var llm01 = doc.RootElement.GetProperty("frameworks").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "LLM01");
        Assert.Contains("AISPM-BEDROCK-GUARDRAIL-001", llm01.GetProperty("controls").EnumerateArray().Select(x => x.GetString()));
        Assert.True(llm01.GetProperty("resourcesFailing").GetInt32() >= 1);
    }

    [Fact]
    public void WithoutJsonItPrintsAReadableTable()
    {
        using var json = new MemoryStream();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Assert.Equal(0, PostureCommand.Run(["--offline", Estate, "--controls", Controls], stdout, stderr, json));
        var text = stdout.ToString();
        Assert.Equal(0, json.Length);
        Assert.Contains("AISPM-BEDROCK-GUARDRAIL-001", text, StringComparison.Ordinal);
        Assert.Contains("FAILING  AISPM-BEDROCK-GUARDRAIL-001 " + Weak, text, StringComparison.Ordinal);
        Assert.Contains("LLM01  Prompt Injection", text, StringComparison.Ordinal);
    }

    [Fact]
    public void UsageErrorsExitWithTwo()
    {
        using var json = new MemoryStream();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Assert.Equal(2, PostureCommand.Run(["--json"], stdout, stderr, json));
        Assert.Equal(2, PostureCommand.Run(["--offline", Path.Combine(Estate, "missing")], stdout, stderr, json));
        Assert.Contains("usage", stderr.ToString(), StringComparison.Ordinal);
    }
}
