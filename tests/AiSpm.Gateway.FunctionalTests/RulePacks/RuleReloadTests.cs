using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiSpm.Gateway.FunctionalTests.Enforcement;
using AiSpm.Gateway.FunctionalTests.Infrastructure;

namespace AiSpm.Gateway.FunctionalTests.RulePacks;

/// <summary>
/// Rule packs change under a running gateway: edits and the policy's EnabledRulePacks take effect without a restart,
/// and a broken pack is refused while the rules in force keep working. Each test gets its own gateway.
/// </summary>
public sealed class RuleReloadTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly ReloadingGateway _env = new();

    public Task InitializeAsync() => _env.InitializeAsync();

    public Task DisposeAsync() => _env.DisposeAsync();

    [Fact]
    public async Task AnEditedPackTakesEffectWithoutARestart()
    {
        Assert.Equal(HttpStatusCode.OK, (await ChatAsync(ReloadingGateway.NewMarker)).Status);
        var before = await ReadyAsync();

        _env.WritePack(ReloadingGateway.AlphaPack, "1.1.0", ("FT-ALPHA", "AISPM-FT-ALPHA-[0-9]{4}"), ("FT-NEW", "AISPM-FT-NEW-[0-9]{4}"));

        var (status, body) = await UntilAsync(() => ChatAsync(ReloadingGateway.NewMarker), r => r.Status == HttpStatusCode.Forbidden, "the new rule never blocked");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("FT-NEW", Blocked.Assert(body).GetProperty("code").GetString());
        var after = await ReadyAsync();
        Assert.NotEqual(Rules(before).GetProperty("version").GetString(), Rules(after).GetProperty("version").GetString());
        Assert.StartsWith("1.1.0+", Rules(after).GetProperty("version").GetString(), StringComparison.Ordinal);
        Assert.Equal("ok", Rules(after).GetProperty("lastReload").GetProperty("result").GetString());
        Assert.Contains("aispm_gateway_rulepack_reloads_total{result=\"ok\"} 1", await MetricsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABrokenPackIsRefusedAndThePreviousRulesKeepWorking()
    {
        var before = Rules(await ReadyAsync()).GetProperty("version").GetString();

        // Lookbehind is outside the dialect both engines share.
        _env.WritePack(ReloadingGateway.AlphaPack, "1.2.0", ("FT-ALPHA", "AISPM-FT-ALPHA-[0-9]{4}"), ("FT-BROKEN", "(?<=x)AISPM-FT-NEW-[0-9]{4}"));

        var ready = await UntilAsync(ReadyAsync, r => Rules(r).GetProperty("lastReload").GetProperty("result").GetString() == "refused", "the broken pack was never refused");
        var errors = Rules(ready).GetProperty("lastReload").GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains(errors, e => e.StartsWith("FT-BROKEN:", StringComparison.Ordinal));
        Assert.Equal(before, Rules(ready).GetProperty("version").GetString());
        // The console logger writes from its own queue: /readyz can report the refusal before the line is out.
        await UntilAsync(() => Task.FromResult(_env.GatewayOutput), o => o.Contains("FT-BROKEN:", StringComparison.Ordinal), "the gateway log never named FT-BROKEN");
        Assert.Contains("aispm_gateway_rulepack_reloads_total{result=\"refused\"} 1", await MetricsAsync(), StringComparison.Ordinal);

        var (status, body) = await ChatAsync(ReloadingGateway.AlphaMarker);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("FT-ALPHA", Blocked.Assert(body).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, (await ChatAsync(ReloadingGateway.NewMarker)).Status);
    }

    [Fact]
    public async Task EnabledRulePacksFromThePolicyDisablesAPack()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await ChatAsync(ReloadingGateway.BetaMarker)).Status);

        _env.Admin.SetPolicy("2", ReloadingGateway.AlphaPack, "no-such-pack");

        await UntilAsync(() => ChatAsync(ReloadingGateway.BetaMarker), r => r.Status == HttpStatusCode.OK, "the disabled pack kept blocking");
        Assert.Equal(HttpStatusCode.Forbidden, (await ChatAsync(ReloadingGateway.AlphaMarker)).Status);
        var rules = Rules(await ReadyAsync());
        Assert.Equal([ReloadingGateway.AlphaPack], rules.GetProperty("packs").EnumerateArray().Select(p => p.GetString()!).ToArray());
        Assert.Contains("'no-such-pack'", _env.GatewayOutput, StringComparison.Ordinal);
    }

    private async Task<(HttpStatusCode Status, string Body)> ChatAsync(string text)
    {
        using var client = Http.Client();
        var chat = new JsonObject
        {
            ["model"] = "gpt-4o",
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "Please look at " + text + " today." }),
        };
        using var request = Http.Post(_env.GatewayUrl + "/v1/chat/completions", chat.ToJsonString());
        var (response, body) = await Http.SendAsync(client, request);
        using (response)
        {
            return (response.StatusCode, body);
        }
    }

    private async Task<JsonElement> ReadyAsync()
    {
        using var client = Http.Client();
        var body = await client.GetStringAsync(_env.GatewayUrl + "/readyz");
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.Clone();
    }

    private async Task<string> MetricsAsync()
    {
        using var client = Http.Client();
        return await client.GetStringAsync(_env.GatewayUrl + "/metrics");
    }

    private static JsonElement Rules(JsonElement ready) => ready.GetProperty("rules");

    /// <summary>Polls until <paramref name="done"/> holds or the deadline passes; the pause is pacing, never the assertion.</summary>
    private async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string failure)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail(failure + " within " + Deadline.TotalSeconds + " s; gateway output:\n" + _env.GatewayOutput);
            }

            await Task.Delay(100);
        }
    }
}
