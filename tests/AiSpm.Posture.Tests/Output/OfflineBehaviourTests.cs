using System.Globalization;
using System.Text;
using System.Text.Json;
using AiSpm.Rego.Cli.Posture;

namespace AiSpm.Posture.Tests.Output;

/// <summary>
/// `posture --offline DIR` with the behaviour inputs beside the provider answers (an X-Ray service graph and
/// <c>aispm.traffic.json</c> saved from the admin) and with <c>--exceptions FILE</c>: the estate export copied to a
/// temporary folder so the test can add files.
/// </summary>
public sealed class OfflineBehaviourTests : IDisposable
{
    private const string AllModelsKey = "litellm:key:1f0e3dad99908345f7439f8ffabdffc4e5d8b8e1b7b2c1e1e1e1e1e1e1e1e1e1";
    private const string SalesKey = "litellm:key:88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b";
    private const string WeakGuardrail = "arn:aws:bedrock:us-east-1:123456789012:guardrail/gr2weak";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "aispm-posture-behaviour-" + Guid.NewGuid().ToString("N"));

    public OfflineBehaviourTests()
    {
        var estate = Path.Combine(TestControls.RepoRoot(), "tests", "AiSpm.Scanner.Tests", "Exports", "estate");
        foreach (var file in Directory.GetFiles(estate, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(_dir, Path.GetRelativePath(estate, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Controls => Path.Combine(TestControls.RepoRoot(), "config", "controls");

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private JsonDocument Run(params string[] extra)
    {
        using var json = new MemoryStream();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = PostureCommand.Run(["--offline", _dir, "--json", "--controls", Controls, .. extra], stdout, stderr, json);
        Assert.True(code == 0, stderr.ToString());
        return JsonDocument.Parse(json.ToArray());
    }

    private static Dictionary<string, JsonElement> Results(JsonDocument doc, string control) =>
        doc.RootElement.GetProperty("controls").EnumerateArray().Single(c => c.GetProperty("id").GetString() == control)
            .GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("resource").GetString()!, r => r.Clone());

    private static string Status(JsonDocument doc, string control, string resource) => Results(doc, control)[resource].GetProperty("status").GetString()!;

    /// <summary>Nine days of 100 traced calls a day for sales-bot on claude-sonnet at a 1 s p99, then 600 untraced
    /// calls in the last hour at 5 s.</summary>
    private static string Traffic()
    {
        var now = DateTimeOffset.UtcNow;
        var minute = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
        var items = new List<string>();
        for (var day = 10; day >= 2; day--)
        {
            items.Add(Summary(minute.AddDays(-day), 100, 100, 1000));
        }

        items.Add(Summary(minute.AddMinutes(-30), 600, 0, 5000));
        return "{\"items\": [" + string.Join(",", items.Select(s => "{\"gatewayId\": \"gw-1\", \"summary\": " + s + "}")) + "]}";
    }

    private static string Summary(DateTimeOffset minute, int requests, int traced, int p99) =>
        string.Create(CultureInfo.InvariantCulture, $$"""{"minute": "{{minute:O}}", "route": "chat_completions", "model": "claude-sonnet", "key": "sales-bot", "team": "team-sales", "requests": {{requests}}, "status2xx": {{requests}}, "latencyP99Ms": {{p99}}, "withTraceparent": {{traced}}}""");

    [Fact]
    public void TrafficBesideTheAnswersFailsTheKeyOverItsBaselineAndWithoutTraceparentAndTheSlowRoute()
    {
        Write("aispm.traffic.json", Traffic());
        using var doc = Run();
        Assert.Equal("failing", Status(doc, "excessive_llm_calls", SalesKey));
        Assert.Contains("over 3 times its baseline", Results(doc, "excessive_llm_calls")[SalesKey].GetProperty("reasons")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("failing", Status(doc, "missing_trace_propagation", SalesKey));
        Assert.Equal("failing", Status(doc, "latency_anomaly", "litellm:route:claude-sonnet"));
        Assert.Equal("passing", Status(doc, "high_retry_rate", SalesKey));
        // The other key was never seen, but the traffic began only ten days ago.
        Assert.Equal("passing", Status(doc, "stale_agent", AllModelsKey));
        Assert.Equal("passing", Status(doc, "excessive_llm_calls", AllModelsKey));
    }

    [Fact]
    public void WithoutTrafficEveryBehaviourControlPassesAndAShorterStaleLimitComesFromConfig()
    {
        using (var none = Run())
        {
            foreach (var control in new[] { "stale_agent", "high_retry_rate", "excessive_llm_calls", "missing_trace_propagation", "latency_anomaly", "unexpected_dependency" })
            {
                Assert.All(Results(none, control).Values, r => Assert.Equal("passing", r.GetProperty("status").GetString()));
            }
        }

        var traffic = Write("traffic-export.json", Traffic());
        var config = Write("config.txt", """{"stale_days": 7}""");
        using var doc = Run("--traffic", traffic, "--config", config);
        Assert.Equal("failing", Status(doc, "stale_agent", AllModelsKey));
        Assert.Contains("last seen never", Results(doc, "stale_agent")[AllModelsKey].GetProperty("reasons")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("passing", Status(doc, "stale_agent", SalesKey));
    }

    [Fact]
    public void AServiceCallingOutsideItsExpectedDependenciesFails()
    {
        Write("xray.get-service-graph.json", """
            {"StartTime": "2026-12-07T00:00:00Z", "EndTime": "2026-12-07T06:00:00Z", "Services": [
              {"ReferenceId": 0, "Name": "rfp-qualifier", "Type": "AWS::Lambda::Function", "AccountId": "123456789012",
               "SummaryStatistics": {"TotalCount": 360, "ErrorStatistics": {"TotalCount": 4, "ThrottleCount": 2}, "FaultStatistics": {"TotalCount": 1}},
               "ResponseTimeHistogram": [{"Value": 0.8, "Count": 300}, {"Value": 2.5, "Count": 60}],
               "Edges": [{"ReferenceId": 1, "SummaryStatistics": {"TotalCount": 360}}, {"ReferenceId": 2, "SummaryStatistics": {"TotalCount": 3}}]},
              {"ReferenceId": 1, "Name": "bedrock-runtime", "Type": "AWS::Bedrock", "Edges": []},
              {"ReferenceId": 2, "Name": "pastebin.com", "Type": "remote", "Edges": []}]}
            """);
        var config = Write("config.txt", """{"expected_dependencies": {"rfp-qualifier": ["bedrock-runtime"], "bedrock-runtime": []}}""");
        using var doc = Run("--config", config);
        var results = Results(doc, "unexpected_dependency");
        var caller = results.Single(r => r.Key.EndsWith("rfp-qualifier", StringComparison.Ordinal)).Value;
        Assert.Equal("failing", caller.GetProperty("status").GetString());
        Assert.Equal("service rfp-qualifier calls pastebin.com, which is not among its expected dependencies", caller.GetProperty("reasons")[0].GetString());
        Assert.Equal("passing", results.Single(r => r.Key.EndsWith("bedrock-runtime", StringComparison.Ordinal)).Value.GetProperty("status").GetString());
    }

    [Fact]
    public void AnExceptionsFileExceptsAFailingResultUntilItExpires()
    {
        var tomorrow = DateTimeOffset.UtcNow.AddDays(1).ToString("O", CultureInfo.InvariantCulture);
        var yesterday = DateTimeOffset.UtcNow.AddDays(-1).ToString("O", CultureInfo.InvariantCulture);
        var file = Write("exceptions.txt", $$"""
            [{"control": "overprivileged_key", "resource": "{{AllModelsKey}}", "reason": "load test key, removed on Friday", "expires": "{{tomorrow}}"},
             {"control": "AISPM-BEDROCK-GUARDRAIL-001", "resource": "{{WeakGuardrail}}", "reason": "tuning", "expires": "{{yesterday}}"}]
            """);
        using var doc = Run("--exceptions", file);
        var key = Results(doc, "overprivileged_key")[AllModelsKey];
        Assert.Equal("excepted", key.GetProperty("status").GetString());
        Assert.Equal("load test key, removed on Friday", key.GetProperty("exception").GetProperty("reason").GetString());
        var guardrail = Results(doc, "AISPM-BEDROCK-GUARDRAIL-001")[WeakGuardrail];
        Assert.Equal("failing", guardrail.GetProperty("status").GetString());
        Assert.Contains("expired", guardrail.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AnExceptionsFileWithMistakesIsRefusedWithEveryError()
    {
        var file = Write("exceptions.txt", """[{"control": "overprivileged_key", "reason": "x", "expires": "soon"}, 3]""");
        using var json = new MemoryStream();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = PostureCommand.Run(["--offline", _dir, "--controls", Controls, "--exceptions", file], stdout, stderr, json);
        Assert.Equal(2, code);
        var errors = stderr.ToString();
        Assert.Contains("exceptions[0].resource: required", errors, StringComparison.Ordinal);
        Assert.Contains("exceptions[0].expires: required", errors, StringComparison.Ordinal);
        Assert.Contains("exceptions[1]: not an object", errors, StringComparison.Ordinal);
        Assert.Equal(0, Encoding.UTF8.GetString(json.ToArray()).Length);
    }
}
