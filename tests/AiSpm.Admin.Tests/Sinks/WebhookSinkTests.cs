using System.Net;
using System.Text;
using System.Text.Json;
using AiSpm.Admin.Tests.Support;

namespace AiSpm.Admin.Tests.Sinks;

/// <summary>
/// The admin service in-process with a webhook sink pointing at <see cref="WebhookReceiver"/>: signed deliveries, replay
/// protection, outages, dead letters and their retry through the API.
/// </summary>
public sealed class WebhookSinkTests : IAsyncLifetime
{
    private const string SecretEnv = "AISPM_TEST_WEBHOOK_SECRET";
    private const string Secret = "whsec-test-0123456789abcdef";

    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable(SecretEnv, Secret);
        _receiver = await WebhookReceiver.StartAsync(Secret);
    }

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private Task<AdminServer> StartAdminAsync(int maxAttempts = 50) => AdminServer.StartAsync(new()
    {
        ["outbox:pollMs"] = "50",
        ["sinks:hook:type"] = "webhook",
        ["sinks:hook:url"] = _receiver.Url.ToString(),
        ["sinks:hook:secretEnv"] = SecretEnv,
        ["sinks:hook:backoffBaseMs"] = "20",
        ["sinks:hook:backoffMaxMs"] = "200",
        ["sinks:hook:maxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["sinks:hook:ratePerSecond"] = "1000",
        ["sinks:quiet:type"] = "webhook",
        ["sinks:quiet:url"] = "http://127.0.0.1:9/",
        ["sinks:quiet:secretEnv"] = SecretEnv,
        ["sinks:quiet:enabled"] = "false",
    });

    private static async Task IngestAsync(AdminServer admin, params AiSpm.Contracts.DetectionEvent[] events)
    {
        using var gw = admin.Client(AdminServer.GatewayToken);
        var response = await gw.PostAsync("/spm/api/events:batch", Http.Json(Http.BatchJson(events)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<JsonElement> SinkAsync(AdminServer admin, string name)
    {
        using var http = admin.Client(admin.LocalToken);
        var body = await Http.JsonAsync(await http.GetAsync("/spm/api/sinks"));
        return body.GetProperty("sinks").EnumerateArray().Single(s => s.GetProperty("name").GetString() == name);
    }

    private static async Task PatchAsync(AdminServer admin, string findingId, string status)
    {
        using var http = admin.Client(admin.LocalToken);
        var response = await http.PatchAsync("/spm/api/findings/" + findingId, Http.Json("{\"status\":\"" + status + "\",\"reason\":\"triage\"}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static string FindingIdOf(AdminServer admin, AiSpm.Contracts.DetectionEvent e) =>
        ((AiSpm.Admin.Correlation.Correlator)admin.Services.GetService(typeof(AiSpm.Admin.Correlation.Correlator))!).FindingIdFor(e);

    [Fact]
    public async Task ANewFindingArrivesSignedWithItsDeliveryIdAndAnIndependentReceiverVerifiesIt()
    {
        await using var admin = await StartAdminAsync();
        var e = Events.Make(1, key: "signed");
        await IngestAsync(admin, e);

        Assert.True(await _receiver.WaitForAsync(r => r.Accepted.Count == 1, TimeSpan.FromSeconds(20)), "no delivery arrived");
        var got = _receiver.Accepted[0];
        var json = got.Json;
        var findingId = FindingIdOf(admin, e);
        Assert.Equal(findingId + ".1.hook", got.DeliveryId);
        Assert.Equal(got.DeliveryId, json.GetProperty("deliveryId").GetString());
        Assert.Equal("finding.created", json.GetProperty("type").GetString());
        Assert.Equal(findingId, json.GetProperty("finding").GetProperty("id").GetString());
        Assert.Equal("high", json.GetProperty("finding").GetProperty("severity").GetString());
        Assert.StartsWith("v1=", got.Signature, StringComparison.Ordinal);
        Assert.Equal(0, _receiver.Rejected);

        var sink = await SinkAsync(admin, "hook");
        Assert.True(await WaitAsync(async () => (await SinkAsync(admin, "hook")).GetProperty("backlog").GetInt64() == 0));
        sink = await SinkAsync(admin, "hook");
        Assert.Equal("ok", sink.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.String, sink.GetProperty("lastDeliveryAt").ValueKind);
        Assert.Equal("disabled", (await SinkAsync(admin, "quiet")).GetProperty("state").GetString());
    }

    [Fact]
    public async Task ACapturedDeliveryReplayedAfterTheToleranceOrTamperedWithIsRejected()
    {
        await using var admin = await StartAdminAsync();
        await IngestAsync(admin, Events.Make(1, key: "replayed"));
        Assert.True(await _receiver.WaitForAsync(r => r.Accepted.Count == 1, TimeSpan.FromSeconds(20)));
        var captured = _receiver.Accepted[0];
        using var attacker = new HttpClient();

        Task<HttpResponseMessage> Replay(string body, string timestamp)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, _receiver.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("X-AiSpm-Timestamp", timestamp);
            request.Headers.Add("X-AiSpm-Signature", captured.Signature);
            request.Headers.Add("X-AiSpm-Delivery", captured.DeliveryId);
            return attacker.SendAsync(request);
        }

        // Within the tolerance the same request is a duplicate: acknowledged, not recorded twice.
        Assert.Equal(HttpStatusCode.OK, (await Replay(captured.Body, captured.Timestamp)).StatusCode);
        Assert.Equal(1, _receiver.Duplicates);
        Assert.Single(_receiver.Accepted);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Replay(captured.Body.Replace("high", "low", StringComparison.Ordinal), captured.Timestamp)).StatusCode);
        var fresh = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (fresh != captured.Timestamp)
        {
            // A new timestamp with the old signature: the MAC covers the timestamp.
            Assert.Equal(HttpStatusCode.Unauthorized, (await Replay(captured.Body, fresh)).StatusCode);
        }

        _receiver.Now = () => DateTimeOffset.UtcNow + WebhookReceiver.Tolerance + TimeSpan.FromMinutes(1);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Replay(captured.Body, captured.Timestamp)).StatusCode);
    }

    [Fact]
    public async Task ASinkDownForAWhileThenBackGetsEveryChangeInOrderPerFinding()
    {
        _receiver.DownStatus = 503;
        await using var admin = await StartAdminAsync();
        var events = new[] { Events.Make(1, key: "out-a"), Events.Make(2, key: "out-b"), Events.Make(3, key: "out-c") };
        await IngestAsync(admin, events);
        foreach (var e in events)
        {
            await PatchAsync(admin, FindingIdOf(admin, e), "acknowledged");
            await PatchAsync(admin, FindingIdOf(admin, e), "resolved");
        }

        Assert.True(await _receiver.WaitForAsync(r => r.Attempts >= 6, TimeSpan.FromSeconds(20)), "the worker did not keep trying");
        Assert.True(await WaitAsync(async () => (await SinkAsync(admin, "hook")).GetProperty("state").GetString() == "failing"));
        var failing = await SinkAsync(admin, "hook");
        Assert.Equal("HTTP 503", failing.GetProperty("lastError").GetString());
        Assert.Equal(9, failing.GetProperty("backlog").GetInt64());
        Assert.Empty(_receiver.Accepted);

        _receiver.DownStatus = null;

        Assert.True(await _receiver.WaitForAsync(r => r.Accepted.Count == 9, TimeSpan.FromSeconds(30)), "lost deliveries: got " + _receiver.Accepted.Count);
        foreach (var e in events)
        {
            var id = FindingIdOf(admin, e);
            var mine = _receiver.Accepted.Where(r => r.Json.GetProperty("finding").GetProperty("id").GetString() == id).ToList();
            Assert.Equal([1L, 2L, 3L], mine.Select(r => r.Json.GetProperty("finding").GetProperty("revision").GetInt64()));
            Assert.Equal(["finding.created", "finding.status_changed", "finding.status_changed"], mine.Select(r => r.Json.GetProperty("type").GetString()));
            Assert.Equal(["open", "acknowledged", "resolved"], mine.Select(r => r.Json.GetProperty("finding").GetProperty("status").GetString()));
        }

        Assert.True(await WaitAsync(async () => (await SinkAsync(admin, "hook")).GetProperty("state").GetString() == "ok"));
    }

    [Fact]
    public async Task ASinkThatAlwaysFailsLeavesDeadLettersTheApiListsAndRetries()
    {
        _receiver.DownStatus = 500;
        await using var admin = await StartAdminAsync(maxAttempts: 2);
        await IngestAsync(admin, Events.Make(1, key: "dead-a"), Events.Make(2, key: "dead-b"));

        Assert.True(await WaitAsync(async () => (await SinkAsync(admin, "hook")).GetProperty("deadLetters").GetInt64() == 2), "no dead letters");
        Assert.Equal(4, _receiver.Attempts);
        using var http = admin.Client(admin.LocalToken);
        var listed = await Http.JsonAsync(await http.GetAsync("/spm/api/sinks/hook/dead-letters"));
        var items = listed.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        Assert.All(items, i =>
        {
            Assert.Equal(2, i.GetProperty("attempts").GetInt32());
            Assert.Equal("HTTP 500", i.GetProperty("lastError").GetString());
            Assert.Equal("created", i.GetProperty("change").GetString());
        });
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/spm/api/sinks/nope/dead-letters")).StatusCode);
        using var anonymous = admin.Client(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/spm/api/sinks/hook/dead-letters/retry", null)).StatusCode);
        using var gateway = admin.Client(AdminServer.GatewayToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await gateway.PostAsync("/spm/api/sinks/hook/dead-letters/retry", null)).StatusCode);

        _receiver.DownStatus = null;
        var retried = await Http.JsonAsync(await http.PostAsync("/spm/api/sinks/hook/dead-letters/retry", null));
        Assert.Equal(2, retried.GetProperty("retried").GetInt32());

        Assert.True(await _receiver.WaitForAsync(r => r.Accepted.Count == 2, TimeSpan.FromSeconds(20)));
        Assert.True(await WaitAsync(async () => (await SinkAsync(admin, "hook")).GetProperty("deadLetters").GetInt64() == 0));
        var after = await Http.JsonAsync(await http.GetAsync("/spm/api/sinks/hook/dead-letters"));
        Assert.Equal(0, after.GetProperty("items").GetArrayLength());
    }

    private static async Task<bool> WaitAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(50);
        }

        return await condition();
    }
}
