using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AiSpm.Admin.FunctionalTests.EndToEnd;
using AiSpm.Admin.FunctionalTests.Support;

namespace AiSpm.Admin.FunctionalTests.Posture;

/// <summary>
/// Posture over the demo estate, as ./aispm up shows it: the demo estate's FAKE AWS endpoint and FAKE LiteLLM proxy
/// and the admin as real processes; a discovery run stores the estate and evaluates the shipped controls of
/// config/controls over it, and the API shows the planted weaknesses failing and the estate's other resources passing.
/// </summary>
public sealed class DemoEstatePostureTests
{
    private const string Account = "210987654321";
    private const string PromptAttack = "AISPM-BEDROCK-GUARDRAIL-001";
    private const string DataSourceKey = "AISPM-BEDROCK-KB-001";
    private const string Logging = "AISPM-BEDROCK-LOGGING-001";
    private const string KeyControl = "overprivileged_key";

    [Fact]
    public async Task TheDemoEstateFailsWhereItIsWeakPassesElsewhereAndAnExceptionExceptsTheWeakGuardrail()
    {
        var estateFile = Path.Combine(RepoPaths.Root, "config", "hospitality-group-sales.example.json");
        await using var estate = await ChildProcess.StartAsync("dotnet", [GatewayAdminEndToEndTests.Bin("tests", "AiSpm.DemoEstate"), "--estate", estateFile], "demo-estate");
        var liteUrl = estate.Output.Split('\n').Single(l => l.StartsWith("demo-estate-litellm: ", StringComparison.Ordinal))["demo-estate-litellm: ".Length..].Trim();
        using var dir = new TempDir();
        await using var admin = await AdminProcess.StartAsync(AdminProcess.FreePort(), dir.Sub("admin"),
            "--posture:controlsDirectory=" + Path.Combine(RepoPaths.Root, "config", "controls"),
            "--discovery:runAtStart=false",
            "--discovery:connectors:0:name=litellm",
            "--discovery:connectors:0:type=litellm",
            "--discovery:connectors:0:baseUrl=" + liteUrl,
            "--discovery:connectors:1:name=aws",
            "--discovery:connectors:1:type=aws",
            "--discovery:connectors:1:regions=us-east-1,eu-west-1",
            "--discovery:environment:AWS_ENDPOINT_URL=" + estate.BaseUrl,
            "--discovery:environment:AWS_ACCESS_KEY_ID=AKIDFAKEFORTESTS",
            "--discovery:environment:AWS_SECRET_ACCESS_KEY=fake/secret/for/signature/checks",
            "--discovery:environment:LITELLM_MASTER_KEY=sk-fake-master-key");
        using var http = admin.Client();

        // The run evaluates what it stored before it answers.
        var runResponse = await http.PostAsync("/spm/api/discovery/run", null);
        Assert.Equal(HttpStatusCode.OK, runResponse.StatusCode);

        using var list = JsonDocument.Parse(await http.GetStringAsync("/spm/api/controls"));
        Assert.Empty(list.RootElement.GetProperty("refused").EnumerateArray());
        var counts = list.RootElement.GetProperty("items").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!, c => c.Clone());
        Assert.True(counts[PromptAttack].GetProperty("failing").GetInt32() >= 1, counts[PromptAttack].ToString());
        Assert.True(counts[PromptAttack].GetProperty("passing").GetInt32() >= 1, counts[PromptAttack].ToString());

        // The weak guardrail (prompt-attack filter at LOW) fails; the strict one (HIGH) passes.
        var guardrails = await ResultsAsync(http, PromptAttack);
        Assert.Equal("failing", guardrails[GuardrailArn("gr-pricing-basic")].Status);
        Assert.Equal("passing", guardrails[GuardrailArn("gr-rfp-strict")].Status);
        Assert.NotEmpty(guardrails[GuardrailArn("gr-pricing-basic")].Evidence);

        // The knowledge base's data source has no customer-managed key.
        var dataSources = await ResultsAsync(http, DataSourceKey);
        Assert.Contains(dataSources, r => r.Key.Contains("DSMENUS001", StringComparison.Ordinal) && r.Value.Status == "failing");

        // Invocation logging is off in eu-west-1 and on in us-east-1.
        var logging = await ResultsAsync(http, Logging);
        Assert.Equal("failing", logging.Single(r => r.Key.Contains("eu-west-1", StringComparison.Ordinal)).Value.Status);
        Assert.Equal("passing", logging.Single(r => r.Key.Contains("us-east-1", StringComparison.Ordinal)).Value.Status);

        // The LiteLLM key that may call every model with no budget fails; the scoped, budgeted key passes.
        var keys = await ResultsAsync(http, KeyControl);
        Assert.Equal("failing", keys.Single(r => r.Key.Contains("sales-ops", StringComparison.Ordinal)).Value.Status);
        Assert.Equal("passing", keys.Single(r => r.Key.Contains("rfp-qualifier", StringComparison.Ordinal)).Value.Status);

        // The weak guardrail's failure is a posture finding.
        var weak = GuardrailArn("gr-pricing-basic");
        var finding = await PostureFindingAsync(http, weak);
        Assert.Equal("open", finding.GetProperty("status").GetString());
        Assert.Contains(PromptAttack, finding.GetProperty("ruleIds").EnumerateArray().Select(e => e.GetString()));

        // An exception turns the result to excepted and suppresses the finding; revoking it turns it back to failing.
        using var analyst = admin.Client();
        var grant = await analyst.PostAsync("/spm/api/exceptions", Json(new
        {
            controlId = PromptAttack,
            resourceId = weak,
            reason = "pricing agent is retired at the end of the quarter",
            expires = DateTimeOffset.UtcNow.AddDays(7),
        }));
        Assert.Equal(HttpStatusCode.Created, grant.StatusCode);
        using var granted = JsonDocument.Parse(await grant.Content.ReadAsStringAsync());
        Assert.Equal("excepted", (await ResultsAsync(http, PromptAttack))[weak].Status);
        Assert.Equal("suppressed", (await PostureFindingAsync(http, weak)).GetProperty("status").GetString());

        var revoke = await analyst.DeleteAsync("/spm/api/exceptions/" + granted.RootElement.GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal("failing", (await ResultsAsync(http, PromptAttack))[weak].Status);

        using var posture = JsonDocument.Parse(await http.GetStringAsync("/spm/api/posture"));
        var overall = posture.RootElement.GetProperty("overall");
        Assert.True(overall.GetProperty("failing").GetInt32() > 0 && overall.GetProperty("passing").GetInt32() > 0, overall.ToString());
        Assert.Contains(posture.RootElement.GetProperty("frameworks").EnumerateArray(), f => f.GetProperty("id").GetString() == "LLM01" && f.GetProperty("resourcesFailing").GetInt32() > 0);
    }

    private static string GuardrailArn(string id) => "arn:aws:bedrock:us-east-1:" + Account + ":guardrail/" + id;

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static async Task<Dictionary<string, (string Status, JsonElement[] Evidence)>> ResultsAsync(HttpClient http, string control)
    {
        using var detail = JsonDocument.Parse(await http.GetStringAsync("/spm/api/controls/" + control));
        return detail.RootElement.GetProperty("results").EnumerateArray().ToDictionary(
            r => r.GetProperty("resourceId").GetString()!,
            r => (r.GetProperty("status").GetString()!, r.TryGetProperty("evidence", out var e) ? e.EnumerateArray().Select(x => x.Clone()).ToArray() : []));
    }

    private static async Task<JsonElement> PostureFindingAsync(HttpClient http, string resource)
    {
        using var page = JsonDocument.Parse(await http.GetStringAsync("/spm/api/findings?type=posture_control&limit=200"));
        return page.RootElement.GetProperty("items").EnumerateArray()
            .Single(f => f.GetProperty("principal").GetString() == resource && f.GetProperty("ruleIds").EnumerateArray().Any(r => r.GetString() == PromptAttack))
            .Clone();
    }
}
