using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiSpm.Admin.Posture;
using AiSpm.Admin.Storage.Assets;
using AiSpm.Admin.Tests.Support;
using AiSpm.Scanner.Model;
using Microsoft.Extensions.DependencyInjection;

namespace AiSpm.Admin.Tests.Posture;

/// <summary>
/// The posture API in-process over a small stored inventory (two guardrails, one weak): custom controls put, refused
/// with line and reason while the previous version stays in force, deleted; dry runs; exceptions and their expiry.
/// </summary>
public sealed class PostureApiTests : IAsyncLifetime
{
    private const string Strong = "arn:aws:bedrock:us-east-1:123456789012:guardrail/grstrong";
    private const string Weak = "arn:aws:bedrock:us-east-1:123456789012:guardrail/grweak";
    private AdminServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        // No discovery connectors and no built-in folder: only what the test stores and puts.
        _server = await AdminServer.StartAsync(new() { ["posture:enabled"] = "true" });
        _http = _server.Client(_server.LocalToken);
        var assets = _server.Services.GetRequiredService<IAssetStore>();
        await assets.ApplyAsync(ChangeDetector.Detect([], [], [Guardrail(Strong, "HIGH"), Guardrail(Weak, "LOW")], [], "seed", DateTimeOffset.UtcNow), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private static Asset Guardrail(string id, string strength) => new()
    {
        Id = id,
        Kind = AssetKinds.Guardrail,
        Provider = Providers.Aws,
        Account = "123456789012",
        Region = "us-east-1",
        Name = id.Split('/')[^1],
        Owner = "sales",
        Document = new JsonObject { ["contentPolicy"] = new JsonObject { ["filters"] = new JsonArray(new JsonObject { ["type"] = "PROMPT_ATTACK", ["inputStrength"] = strength }) } },
        Sources = ["aws"],
    };

    private static string Control(string id, string wanted = "HIGH") => $$"""
        # METADATA
        # title: Prompt attacks filtered at {{wanted}}
        # custom:
        #   id: {{id}}
        #   severity: high
        #   resource_kind: guardrail
        #   frameworks:
        #     - owasp-llm:LLM01
        #   remediation: Raise the prompt-attack filter.
        package custom.{{id.Replace('-', '_')}}

        import rego.v1

        deny contains msg if {
        	some f in input.ContentPolicy.Filters
        	f.Type == "PROMPT_ATTACK"
        	f.InputStrength != "{{wanted}}"
        	msg := sprintf("prompt-attack filter at %s", [f.InputStrength])
        }
        """;

    private static StringContent Body(string rego, string? test = null) =>
        Http.Json(JsonSerializer.Serialize(new Dictionary<string, string?> { ["rego"] = rego, ["test"] = test }));

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private async Task<Dictionary<string, string>> StatusesAsync(string control)
    {
        var detail = await Http.JsonAsync(await _http.GetAsync("/spm/api/controls/" + control));
        return detail.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("resourceId").GetString()!, r => r.GetProperty("status").GetString()!);
    }

    [Fact]
    public async Task APutControlIsEvaluatedAtOnceAndItsFailuresBecomeFindings()
    {
        var put = await _http.PutAsync("/spm/api/controls/custom-prompt", Body(Control("custom-prompt")));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var detail = await Http.JsonAsync(put);
        Assert.Equal(1, detail.GetProperty("control").GetProperty("version").GetInt64());
        Assert.Equal("custom", detail.GetProperty("control").GetProperty("source").GetString());
        Assert.Equal(1, detail.GetProperty("control").GetProperty("failing").GetInt32());
        Assert.Equal(1, detail.GetProperty("control").GetProperty("passing").GetInt32());
        Assert.Contains("deny contains msg", detail.GetProperty("rego").GetString(), StringComparison.Ordinal);

        var weak = detail.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("resourceId").GetString() == Weak);
        Assert.Equal("prompt-attack filter at LOW", weak.GetProperty("reasons")[0].GetString());
        Assert.Equal("input.ContentPolicy.Filters", weak.GetProperty("evidence")[0].GetProperty("path").GetString());

        var finding = await Http.JsonAsync(await _http.GetAsync("/spm/api/findings/" + PostureFindings.IdOf("custom-prompt", Weak)));
        Assert.Equal("open", finding.GetProperty("status").GetString());
        Assert.Equal("posture_control", finding.GetProperty("type").GetString());
        Assert.Equal("high", finding.GetProperty("severity").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/spm/api/findings/" + PostureFindings.IdOf("custom-prompt", Strong))).StatusCode);

        // A new version that accepts LOW: the weak guardrail passes, its finding resolves itself and stays.
        var v2 = await _http.PutAsync("/spm/api/controls/custom-prompt", Body(Control("custom-prompt", "LOW")));
        Assert.Equal(2, (await Http.JsonAsync(v2)).GetProperty("control").GetProperty("version").GetInt64());
        Assert.Equal("passing", (await StatusesAsync("custom-prompt"))[Weak]);
        var resolved = await Http.JsonAsync(await _http.GetAsync("/spm/api/findings/" + PostureFindings.IdOf("custom-prompt", Weak)));
        Assert.Equal("resolved", resolved.GetProperty("status").GetString());

        var list = await Http.JsonAsync(await _http.GetAsync("/spm/api/controls"));
        Assert.Contains(list.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetString() == "custom-prompt");
        var posture = await Http.JsonAsync(await _http.GetAsync("/spm/api/posture"));
        // v2 wants LOW, so now the strong guardrail is the one failing.
        Assert.Equal(1, posture.GetProperty("overall").GetProperty("passing").GetInt32());
        Assert.Equal(1, posture.GetProperty("overall").GetProperty("failing").GetInt32());
        Assert.True(posture.GetProperty("teams").TryGetProperty("sales", out _));
    }

    [Fact]
    public async Task ARefusedControlNamesItsLineAndTheVersionInForceStays()
    {
        Assert.Equal(HttpStatusCode.OK, (await _http.PutAsync("/spm/api/controls/custom-keep", Body(Control("custom-keep")))).StatusCode);

        // A parse error.
        var broken = Control("custom-keep").Replace("some f in input.ContentPolicy.Filters", "some f in in input", StringComparison.Ordinal);
        var refused = await _http.PutAsync("/spm/api/controls/custom-keep", Body(broken));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await ProblemAsync(refused);
        Assert.Equal("control_refused", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("line").GetInt32() > 10, problem.ToString());
        Assert.StartsWith("line ", problem.GetProperty("errors").GetProperty("rego")[0].GetString(), StringComparison.Ordinal);

        // An unknown built-in, named.
        var unknown = Control("custom-keep").Replace("sprintf(", "no_such_builtin(", StringComparison.Ordinal);
        var unknownProblem = await ProblemAsync(await _http.PutAsync("/spm/api/controls/custom-keep", Body(unknown)));
        Assert.Contains("no_such_builtin", unknownProblem.GetProperty("reason").GetString(), StringComparison.Ordinal);

        // Its own test fails.
        const string Test = """
            package custom.custom_keep_test

            import rego.v1

            import data.custom.custom_keep as control

            test_low_passes if count(control.deny) == 0 with input as {"ContentPolicy": {"Filters": [{"Type": "PROMPT_ATTACK", "InputStrength": "LOW"}]}}
            """;
        var failingTest = await _http.PutAsync("/spm/api/controls/custom-keep", Body(Control("custom-keep"), Test));
        Assert.Equal(HttpStatusCode.BadRequest, failingTest.StatusCode);
        Assert.Contains("test_low_passes", (await ProblemAsync(failingTest)).GetProperty("errors").GetProperty("test")[0].GetString(), StringComparison.Ordinal);

        // The id in the metadata must be the one in the path.
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.PutAsync("/spm/api/controls/custom-keep", Body(Control("custom-other")))).StatusCode);

        var detail = await Http.JsonAsync(await _http.GetAsync("/spm/api/controls/custom-keep"));
        Assert.Equal(1, detail.GetProperty("control").GetProperty("version").GetInt64());
        Assert.Equal("failing", (await StatusesAsync("custom-keep"))[Weak]);
    }

    [Fact]
    public async Task ADeletedControlLosesItsResultsAndResolvesItsFindings()
    {
        await _http.PutAsync("/spm/api/controls/custom-gone", Body(Control("custom-gone")));
        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync("/spm/api/controls/custom-gone")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/spm/api/controls/custom-gone")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.DeleteAsync("/spm/api/controls/custom-gone")).StatusCode);
        var finding = await Http.JsonAsync(await _http.GetAsync("/spm/api/findings/" + PostureFindings.IdOf("custom-gone", Weak)));
        Assert.Equal("resolved", finding.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ADryRunJudgesTheInventoryAndStoresNothing()
    {
        var run = await _http.PostAsync("/spm/api/controls/evaluate", Body(Control("custom-dry")));
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        var body = await Http.JsonAsync(run);
        Assert.Equal(1, body.GetProperty("control").GetProperty("failing").GetInt32());
        Assert.Equal(2, body.GetProperty("results").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/spm/api/controls/custom-dry")).StatusCode);

        var refused = await _http.PostAsync("/spm/api/controls/evaluate", Body("package nothing"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task AnExceptionExceptsUntilItExpiresAndIsValidated()
    {
        await _http.PutAsync("/spm/api/controls/custom-exc", Body(Control("custom-exc")));
        var bad = await _http.PostAsync("/spm/api/exceptions", Http.Json("""{"controlId":"nope","resourceId":"","reason":" ","expires":"2020-01-01T00:00:00Z"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = await Http.ProblemErrorsAsync(bad);
        Assert.Equal(["controlId", "expires", "reason", "resourceId"], errors.Keys.Order(StringComparer.Ordinal));

        var expires = DateTimeOffset.UtcNow.AddSeconds(3);
        var grant = await _http.PostAsync("/spm/api/exceptions", Http.Json(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["controlId"] = "custom-exc",
            ["resourceId"] = Weak,
            ["reason"] = "accepted until the rollout",
            ["expires"] = expires,
        })));
        Assert.Equal(HttpStatusCode.Created, grant.StatusCode);
        var exception = await Http.JsonAsync(grant);
        Assert.Equal("local-admin", exception.GetProperty("by").GetString());
        Assert.Equal("excepted", (await StatusesAsync("custom-exc"))[Weak]);
        var finding = await Http.JsonAsync(await _http.GetAsync("/spm/api/findings/" + PostureFindings.IdOf("custom-exc", Weak)));
        Assert.Equal("suppressed", finding.GetProperty("status").GetString());

        // Past its expiry the sweep turns the result back to failing.
        await Task.Delay(expires - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200));
        await _server.Services.GetRequiredService<PostureService>().SweepExpiredAsync(CancellationToken.None);
        Assert.Equal("failing", (await StatusesAsync("custom-exc"))[Weak]);
        finding = await Http.JsonAsync(await _http.GetAsync("/spm/api/findings/" + PostureFindings.IdOf("custom-exc", Weak)));
        Assert.Equal("open", finding.GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync("/spm/api/exceptions/" + exception.GetProperty("id").GetString())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.DeleteAsync("/spm/api/exceptions/" + exception.GetProperty("id").GetString())).StatusCode);
    }
}
