using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiSpm.Admin.Storage.Assets;
using AiSpm.Admin.Tests.Support;
using AiSpm.Scanner.Model;
using Microsoft.Extensions.DependencyInjection;

namespace AiSpm.Admin.Tests.Posture;

/// <summary>
/// The behaviour controls in the admin: the gateway's traffic summaries arrive through <c>traffic:batch</c>, and the
/// controls that read <c>data.aispm.behaviour</c> are evaluated again without a scan; their results show through
/// <c>GET /spm/api/controls/{id}</c>. The built-in controls of config/controls, over two stored LiteLLM keys.
/// </summary>
public sealed class BehaviourPostureTests : IAsyncLifetime
{
    private const string BusyKey = "litellm:key:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private const string QuietKey = "litellm:key:f9e8d7c6b5a49382716f0e9d8c7b6a59f9e8d7c6b5a49382716f0e9d8c7b6a59";
    private AdminServer _server = null!;
    private HttpClient _http = null!;
    private HttpClient _gateway = null!;

    public async Task InitializeAsync()
    {
        _server = await AdminServer.StartAsync(new()
        {
            ["posture:enabled"] = "true",
            ["posture:controlsDirectory"] = Path.Combine(RepoPaths.Root, "config", "controls"),
            ["posture:behaviour:delaySeconds"] = "0",
        });
        _http = _server.Client(_server.LocalToken);
        _gateway = _server.Client(AdminServer.GatewayToken);
        var assets = _server.Services.GetRequiredService<IAssetStore>();
        await assets.ApplyAsync(ChangeDetector.Detect([], [], [Key(BusyKey, "rfp-qualifier-key"), Key(QuietKey, "menu-bot")], [], "seed", DateTimeOffset.UtcNow), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        _gateway.Dispose();
        await _server.DisposeAsync();
    }

    private static Asset Key(string id, string alias) => new()
    {
        Id = id,
        Kind = AssetKinds.Key,
        Provider = Providers.LiteLlm,
        Name = alias,
        Document = new JsonObject { ["key_alias"] = alias, ["models"] = new JsonArray("claude-sonnet"), ["max_budget"] = 50.0, ["expires"] = "2027-06-01T00:00:00Z", ["spend"] = 1.0 },
        Sources = ["litellm"],
    };

    private static JsonObject Summary(DateTimeOffset minute, string key, int requests, int traced) => new()
    {
        ["minute"] = minute.ToString("O", CultureInfo.InvariantCulture),
        ["route"] = "chat_completions",
        ["model"] = "claude-sonnet",
        ["key"] = key,
        ["team"] = "group-sales",
        ["requests"] = requests,
        ["status2xx"] = requests,
        ["latencyP50Ms"] = 300,
        ["latencyP95Ms"] = 700,
        ["latencyP99Ms"] = 900,
        ["latencyMaxMs"] = 1200,
        ["withTraceparent"] = traced,
    };

    private async Task<Dictionary<string, JsonElement>> ResultsAsync(string control)
    {
        var detail = await Http.JsonAsync(await _http.GetAsync("/spm/api/controls/" + control));
        return detail.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("resourceId").GetString()!, r => r.Clone());
    }

    private async Task<JsonElement> WaitForAsync(string control, string resource, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var results = await ResultsAsync(control);
            if (results.TryGetValue(resource, out var r) && r.GetProperty("status").GetString() == status)
            {
                return r;
            }

            Assert.True(DateTime.UtcNow < deadline, control + " on " + resource + " never became " + status + ": " + string.Join(", ", results.Select(x => x.Key + "=" + x.Value.GetProperty("status"))));
            await Task.Delay(100);
        }
    }

    private async Task PostAsync(JsonArray summaries)
    {
        var batch = new JsonObject { ["gatewayId"] = "gw-behaviour", ["summaries"] = summaries };
        var posted = await _gateway.PostAsync("/spm/api/traffic:batch", Http.Json(batch.ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
    }

    [Fact]
    public async Task PostedTrafficFailsTheKeyOverItsBaselineAndTheKeyWithoutTraceparentThroughTheApi()
    {
        // A week of 100 traced calls a day for both keys: their baseline; nothing recent, so both pass.
        var now = DateTimeOffset.UtcNow;
        var minute = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
        var week = new JsonArray();
        for (var day = 8; day >= 2; day--)
        {
            week.Add(Summary(minute.AddDays(-day), "rfp-qualifier-key", 100, 100));
            week.Add(Summary(minute.AddDays(-day), "menu-bot", 100, 100));
        }

        await PostAsync(week);
        await WaitForAsync("excessive_llm_calls", BusyKey, "passing");
        await WaitForAsync("missing_trace_propagation", QuietKey, "passing");

        // In the last hour 500 calls for the busy key (5x its baseline) and 60 untraced ones for the quiet key (its
        // usual volume).
        await PostAsync([Summary(minute.AddMinutes(-20), "rfp-qualifier-key", 500, 500), Summary(minute.AddMinutes(-20), "menu-bot", 60, 0)]);

        var busy = await WaitForAsync("excessive_llm_calls", BusyKey, "failing");
        var reason = busy.GetProperty("reasons")[0].GetString()!;
        // The baseline is 700 calls over the seven days (less the minutes since the last whole one) before the recent day.
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(reason, @"^key rfp-qualifier-key: 500 calls per day recently, over 3 times its baseline of (99\.9\d*|100)$"), reason);
        var untraced = await WaitForAsync("missing_trace_propagation", QuietKey, "failing");
        Assert.Contains("only 0 of 60 recent requests carried a traceparent", untraced.GetProperty("reasons")[0].GetString(), StringComparison.Ordinal);

        var results = await ResultsAsync("excessive_llm_calls");
        Assert.Equal("passing", results[QuietKey].GetProperty("status").GetString());
        Assert.Equal("passing", (await ResultsAsync("missing_trace_propagation"))[BusyKey].GetProperty("status").GetString());
        Assert.Equal("passing", (await ResultsAsync("stale_agent"))[BusyKey].GetProperty("status").GetString());

        var finding = await Http.JsonAsync(await _http.GetAsync("/spm/api/findings/" + AiSpm.Admin.Posture.PostureFindings.IdOf("excessive_llm_calls", BusyKey)));
        Assert.Equal("open", finding.GetProperty("status").GetString());
    }

    [Fact]
    public async Task TheBehaviourWindowSettingsAreCheckedAtStart()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => AdminServer.StartAsync(new()
        {
            ["posture:behaviour:recentHours"] = "48",
            ["posture:behaviour:baselineDays"] = "30",
        }));
        Assert.Contains("posture:behaviour: recentHours and baselineDays together at most 31 days", e.Message, StringComparison.Ordinal);
    }
}
