using System.Net;
using System.Text.Json;
using AiSpm.Admin.Tests.Support;
using AiSpm.Fakes;

namespace AiSpm.Admin.Tests.Guardian;

/// <summary>
/// The Guardian through its API on a real admin service: a burst from one key becomes a pending action in recommend
/// mode, approval writes the gateway policy, rollback restores it, auto mode runs only reversible actions alone, and
/// every step is in the audit trail.
/// </summary>
public sealed class GuardianApiTests
{
    private const string EmptyBody = "{}";

    [Fact]
    public async Task InRecommendModeABurstFromOneKeyWaitsForAnAnalystThenEnforcesForThatKeyAndRollsBack()
    {
        await using var server = await AdminServer.StartAsync(Settings("recommend"));
        using var admin = server.Client(server.LocalToken);
        using var gw = server.Client(AdminServer.GatewayToken);
        await Http.JsonAsync(await gw.PostAsync("/spm/api/events:batch", Http.Json(Http.BatchJson([.. Enumerable.Range(0, 4).Select(i => Events.Make(i, key: "burstkey", category: "prompt_injection"))]))));
        var before = await Http.JsonAsync(await admin.GetAsync("/spm/api/policies"));

        var dry = await PostAsync(admin, "/spm/api/guardian/run", """{"dryRun":true}""");
        Assert.True(dry.GetProperty("dryRun").GetBoolean());
        Assert.Single(dry.GetProperty("proposed").EnumerateArray());
        Assert.Empty((await Http.JsonAsync(await admin.GetAsync("/spm/api/guardian/actions"))).GetProperty("items").EnumerateArray());

        var run = await PostAsync(admin, "/spm/api/guardian/run", EmptyBody);
        var proposed = Assert.Single(run.GetProperty("proposed").EnumerateArray());
        Assert.Empty(run.GetProperty("executed").EnumerateArray());
        Assert.Equal("gateway_enforce", proposed.GetProperty("kind").GetString());
        Assert.Equal("key:burstkey", proposed.GetProperty("target").GetString());
        Assert.Equal("pending", proposed.GetProperty("state").GetString());
        Assert.True(proposed.GetProperty("reversible").GetBoolean());
        var id = proposed.GetProperty("id").GetString()!;

        var pending = await Http.JsonAsync(await admin.GetAsync("/spm/api/guardian/actions?state=pending"));
        Assert.Equal("recommend", pending.GetProperty("mode").GetString());
        Assert.Equal(id, Assert.Single(pending.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(before.GetProperty("version").GetString(), (await Http.JsonAsync(await admin.GetAsync("/spm/api/policies"))).GetProperty("version").GetString());
        Assert.Empty((await PostAsync(admin, "/spm/api/guardian/run", EmptyBody)).GetProperty("proposed").EnumerateArray());

        var executed = await PostAsync(admin, "/spm/api/guardian/actions/" + id + "/approve", """{"reason":"confirmed burst"}""");
        Assert.Equal("executed", executed.GetProperty("state").GetString());
        var policy = await Http.JsonAsync(await admin.GetAsync("/spm/api/policies"));
        var added = policy.GetProperty("modeOverrides")[0];
        Assert.Equal("burstkey", added.GetProperty("key").GetString());
        Assert.Equal("enforce", added.GetProperty("mode").GetString());

        using (var again = await admin.PostAsync("/spm/api/guardian/actions/" + id + "/approve", Http.Json(EmptyBody)))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        var rolledBack = await PostAsync(admin, "/spm/api/guardian/actions/" + id + "/rollback", """{"reason":"false positive"}""");
        Assert.Equal("rolled_back", rolledBack.GetProperty("state").GetString());
        var restored = await Http.JsonAsync(await admin.GetAsync("/spm/api/policies"));
        Assert.Equal(before.GetProperty("modeOverrides").GetRawText(), restored.GetProperty("modeOverrides").GetRawText());

        var audit = (await Http.JsonAsync(await admin.GetAsync("/spm/api/guardian/audit?actionId=" + id))).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["proposed", "approved", "executed", "rolled_back"], audit.Select(a => a.GetProperty("step").GetString()));
        Assert.All(audit, a => Assert.Equal(proposed.GetProperty("findingId").GetString(), a.GetProperty("findingId").GetString()));
        Assert.Equal("confirmed burst", audit[1].GetProperty("why").GetString());
        Assert.Equal("false positive", audit[3].GetProperty("why").GetString());
        Assert.Contains("burstkey", audit[2].GetProperty("after").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("burstkey", audit[2].GetProperty("before").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("burstkey", audit[3].GetProperty("after").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InAutoModeOnlyTheReversibleActionRunsAloneAndRollbackRestoresThePreviousPolicy()
    {
        await using var liteLlm = await FakeLiteLlm.StartAsync(keys: 3);
        Environment.SetEnvironmentVariable("AISPM_GUARDIAN_TEST_LITELLM_KEY", FakeLiteLlm.MasterKey);
        var settings = Settings("auto");
        settings["guardian:containAfter"] = "3";
        settings["guardian:litellm:url"] = liteLlm.Url;
        settings["guardian:litellm:masterKeyEnv"] = "AISPM_GUARDIAN_TEST_LITELLM_KEY";
        await using var server = await AdminServer.StartAsync(settings);
        using var admin = server.Client(server.LocalToken);
        using var gw = server.Client(AdminServer.GatewayToken);
        // A policy that already has an override of its own, which the rollback must keep.
        using (var put = await admin.PutAsync("/spm/api/policies", Http.Json("""{"modeOverrides":[{"team":"blue","mode":"enforce"}]}""")))
        {
            put.EnsureSuccessStatusCode();
        }

        var before = await Http.JsonAsync(await admin.GetAsync("/spm/api/policies"));
        await Http.JsonAsync(await gw.PostAsync("/spm/api/events:batch", Http.Json(Http.BatchJson([.. Enumerable.Range(0, 4).Select(i => Events.Make(i, key: "key-1", team: "red"))]))));

        var run = await PostAsync(admin, "/spm/api/guardian/run", EmptyBody);
        Assert.Equal(2, run.GetProperty("proposed").GetArrayLength());
        var ran = Assert.Single(run.GetProperty("executed").EnumerateArray());
        Assert.Equal("gateway_enforce", ran.GetProperty("kind").GetString());
        Assert.Equal("executed", ran.GetProperty("state").GetString());
        var enforced = await Http.JsonAsync(await admin.GetAsync("/spm/api/policies"));
        Assert.Equal("key-1", enforced.GetProperty("modeOverrides")[0].GetProperty("key").GetString());
        Assert.Equal(2, enforced.GetProperty("modeOverrides").GetArrayLength());

        // Containment is not reversible enough to run alone: it waits, and runs once approved.
        var contain = Assert.Single((await Http.JsonAsync(await admin.GetAsync("/spm/api/guardian/actions?state=pending"))).GetProperty("items").EnumerateArray());
        Assert.Equal("litellm_block_key", contain.GetProperty("kind").GetString());
        Assert.Empty(liteLlm.Blocked);
        var blocked = await PostAsync(admin, "/spm/api/guardian/actions/" + contain.GetProperty("id").GetString() + "/approve", EmptyBody);
        Assert.Equal("executed", blocked.GetProperty("state").GetString());
        Assert.True(liteLlm.Blocked["hash1"]);

        await PostAsync(admin, "/spm/api/guardian/actions/" + contain.GetProperty("id").GetString() + "/rollback", EmptyBody);
        Assert.False(liteLlm.Blocked["hash1"]);
        var rolledBack = await PostAsync(admin, "/spm/api/guardian/actions/" + ran.GetProperty("id").GetString() + "/rollback", EmptyBody);
        Assert.Equal("rolled_back", rolledBack.GetProperty("state").GetString());
        var restored = await Http.JsonAsync(await admin.GetAsync("/spm/api/policies"));
        Assert.Equal(before.GetProperty("modeOverrides").GetRawText(), restored.GetProperty("modeOverrides").GetRawText());

        var steps = (await Http.JsonAsync(await admin.GetAsync("/spm/api/guardian/audit?actionId=" + ran.GetProperty("id").GetString()))).GetProperty("items")
            .EnumerateArray().Select(a => (a.GetProperty("step").GetString(), a.GetProperty("who").GetString())).ToList();
        Assert.Equal(["proposed", "approved", "executed", "rolled_back"], steps.Select(s => s.Item1));
        // The pass approved and ran it itself; the analyst who started the pass and rolled it back is named.
        Assert.Equal(["guardian", "guardian"], steps[1..3].Select(s => s.Item2));
        Assert.NotEqual("guardian", steps[3].Item2);
    }

    [Fact]
    public async Task RejectedActionsDoNotRunAndUnknownOnesAre404()
    {
        await using var server = await AdminServer.StartAsync(Settings("recommend"));
        using var admin = server.Client(server.LocalToken);
        using var gw = server.Client(AdminServer.GatewayToken);
        await Http.JsonAsync(await gw.PostAsync("/spm/api/events:batch", Http.Json(Http.BatchJson(Events.Make(1, key: "rejectkey")))));
        var id = Assert.Single((await PostAsync(admin, "/spm/api/guardian/run", EmptyBody)).GetProperty("proposed").EnumerateArray()).GetProperty("id").GetString()!;

        Assert.Equal("rejected", (await PostAsync(admin, "/spm/api/guardian/actions/" + id + "/reject", EmptyBody)).GetProperty("state").GetString());
        using (var approve = await admin.PostAsync("/spm/api/guardian/actions/" + id + "/approve", Http.Json(EmptyBody)))
        {
            Assert.Equal(HttpStatusCode.Conflict, approve.StatusCode);
        }

        using (var missing = await admin.PostAsync("/spm/api/guardian/actions/nosuch/approve", Http.Json(EmptyBody)))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        using (var bad = await admin.GetAsync("/spm/api/guardian/actions?state=sleeping"))
        {
            Assert.Contains("state", (await Http.ProblemErrorsAsync(bad)).Keys);
        }

        Assert.Empty((await Http.JsonAsync(await admin.GetAsync("/spm/api/policies"))).GetProperty("modeOverrides").EnumerateArray());
        var steps = (await Http.JsonAsync(await admin.GetAsync("/spm/api/guardian/audit"))).GetProperty("items").EnumerateArray().Select(a => a.GetProperty("step").GetString());
        Assert.Equal(["proposed", "rejected"], steps);
    }

    [Fact]
    public async Task AnActionThatFailsIsRecordedAsFailedWithItsReason()
    {
        await using var liteLlm = await FakeLiteLlm.StartAsync(keys: 2);
        Environment.SetEnvironmentVariable("AISPM_GUARDIAN_TEST_LITELLM_KEY", FakeLiteLlm.MasterKey);
        var settings = Settings("recommend");
        settings["guardian:containAfter"] = "1";
        settings["guardian:litellm:url"] = liteLlm.Url;
        settings["guardian:litellm:masterKeyEnv"] = "AISPM_GUARDIAN_TEST_LITELLM_KEY";
        await using var server = await AdminServer.StartAsync(settings);
        using var admin = server.Client(server.LocalToken);
        using var gw = server.Client(AdminServer.GatewayToken);
        await Http.JsonAsync(await gw.PostAsync("/spm/api/events:batch", Http.Json(Http.BatchJson(Events.Make(1, key: "unknownkey")))));
        var contain = (await PostAsync(admin, "/spm/api/guardian/run", EmptyBody)).GetProperty("proposed").EnumerateArray()
            .Single(a => a.GetProperty("kind").GetString() == "litellm_block_key");
        var id = contain.GetProperty("id").GetString()!;

        using var approve = await admin.PostAsync("/spm/api/guardian/actions/" + id + "/approve", Http.Json(EmptyBody));
        Assert.Equal(HttpStatusCode.BadGateway, approve.StatusCode);
        var failed = Assert.Single((await Http.JsonAsync(await admin.GetAsync("/spm/api/guardian/actions?state=failed"))).GetProperty("items").EnumerateArray());
        Assert.Contains("unknownkey", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
        var audit = (await Http.JsonAsync(await admin.GetAsync("/spm/api/guardian/audit?actionId=" + id))).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["proposed", "approved", "failed"], audit.Select(a => a.GetProperty("step").GetString()));
        Assert.Empty(liteLlm.Blocked);
    }

    [Fact]
    public async Task AViewerCannotApprove()
    {
        await using var server = await AdminServer.StartAsync(Settings("recommend"));
        using var gw = server.Client(AdminServer.GatewayToken);
        using var approve = await gw.PostAsync("/spm/api/guardian/actions/any/approve", Http.Json(EmptyBody));
        Assert.Equal(HttpStatusCode.Forbidden, approve.StatusCode);
    }

    [Fact]
    public async Task OverridesPickTheModePerFindingTypeAndSeverity()
    {
        var settings = Settings("off");
        settings["guardian:overrides:0:severity"] = "critical";
        settings["guardian:overrides:0:mode"] = "recommend";
        await using var server = await AdminServer.StartAsync(settings);
        using var admin = server.Client(server.LocalToken);
        using var gw = server.Client(AdminServer.GatewayToken);
        await Http.JsonAsync(await gw.PostAsync("/spm/api/events:batch", Http.Json(Http.BatchJson(
            Events.Make(1, key: "highkey", severity: "high"), Events.Make(2, key: "criticalkey", severity: "critical", category: "secrets")))));

        var proposed = (await PostAsync(admin, "/spm/api/guardian/run", EmptyBody)).GetProperty("proposed").EnumerateArray().ToList();
        Assert.Equal("key:criticalkey", Assert.Single(proposed).GetProperty("target").GetString());
    }

    [Theory]
    [InlineData("guardian:mode", "sometimes", "guardian:mode")]
    [InlineData("guardian:windowMinutes", "0", "guardian:windowMinutes")]
    [InlineData("guardian:litellm:url", "ftp://x", "guardian:litellm:url")]
    [InlineData("guardian:overrides:0:mode", "auto", "guardian:overrides:0:")]
    public async Task BadSettingsStopStartUpNamingTheKey(string key, string value, string named)
    {
        var settings = Settings("recommend");
        settings[key] = value;
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => AdminServer.StartAsync(settings));
        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Settings(string mode) => new()
    {
        ["guardian:mode"] = mode,
        ["guardian:intervalSeconds"] = "0",
        // Test events are stamped a few hours back (see Events.Base).
        ["guardian:windowMinutes"] = "1440",
    };

    private static async Task<JsonElement> PostAsync(HttpClient http, string path, string body) =>
        await Http.JsonAsync(await http.PostAsync(path, Http.Json(body)));
}
