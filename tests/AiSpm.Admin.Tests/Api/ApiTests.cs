using System.Net;
using System.Text.Json;
using AiSpm.Admin.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AiSpm.Admin.Tests.Api;

/// <summary>The admin API over real sockets (in-process Kestrel on 127.0.0.1:0), local auth mode.</summary>
public sealed class ApiTests(LocalAdminFixture fixture) : IClassFixture<LocalAdminFixture>
{
    private AdminServer Server => fixture.Server;

    private HttpClient Admin() => Server.Client(Server.LocalToken);

    private HttpClient Gateway() => Server.Client(AdminServer.GatewayToken);

    private static string Key() => "k" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task HealthIsAnonymous()
    {
        using var http = Server.Client(null);
        var body = await Http.JsonAsync(await http.GetAsync("/spm/health"));
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Equal("sqlite", body.GetProperty("storage").GetString());
    }

    [Fact]
    public async Task GzipBatchIsIngestedOnceAndQueryableWithFiltersAndPaging()
    {
        var key = Key();
        var events = Enumerable.Range(0, 7).Select(i => Events.Make(i, key: key, severity: i % 2 == 0 ? "high" : "low")).ToArray();
        using var gw = Gateway();
        var first = await Http.JsonAsync(await gw.PostAsync("/spm/api/events:batch", Http.Gzip(Http.BatchJson(events))));
        Assert.Equal(7, first.GetProperty("stored").GetInt32());
        Assert.Equal(0, first.GetProperty("rejected").GetArrayLength());
        var again = await Http.JsonAsync(await gw.PostAsync("/spm/api/events:batch", Http.Json(Http.BatchJson(events))));
        Assert.Equal(0, again.GetProperty("stored").GetInt32());
        Assert.Equal(7, again.GetProperty("duplicates").GetInt32());

        using var admin = Admin();
        var ids = new List<string>();
        string? cursor = null;
        do
        {
            var page = await Http.JsonAsync(await admin.GetAsync($"/spm/api/events?key={key}&severity=high&limit=2" + (cursor is null ? "" : "&cursor=" + cursor)));
            ids.AddRange(page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("eventId").GetString()!));
            cursor = page.TryGetProperty("nextCursor", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        }
        while (cursor is not null);
        Assert.Equal(events.Where(e => e.Severity == "high").OrderByDescending(e => e.Timestamp).Select(e => e.EventId), ids);

        var from = Uri.EscapeDataString(Events.Base.AddSeconds(2).ToString("O"));
        var to = Uri.EscapeDataString(Events.Base.AddSeconds(4).ToString("O"));
        var window = await Http.JsonAsync(await admin.GetAsync($"/spm/api/events?key={key}&from={from}&to={to}"));
        Assert.Equal(2, window.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task BadEventIsRejectedAloneAndTheRestOfItsBatchIsStored() => await MixedBatch.RunAsync(Server);

    [Fact]
    public async Task FindingsRollUpAndStatusChangesRecordWhoAndWhy()
    {
        var key = Key();
        using var gw = Gateway();
        await Http.JsonAsync(await gw.PostAsync("/spm/api/events:batch", Http.Json(Http.BatchJson([.. Enumerable.Range(0, 4).Select(i => Events.Make(i, key: key))]))));

        using var admin = Admin();
        var list = await Http.JsonAsync(await admin.GetAsync("/spm/api/findings?type=jailbreak_activity&limit=1000"));
        var finding = list.GetProperty("items").EnumerateArray().Single(f => f.GetProperty("principal").GetString() == "key:" + key);
        Assert.Equal(4, finding.GetProperty("count").GetInt32());
        var id = finding.GetProperty("id").GetString();

        var patched = await Http.JsonAsync(await admin.PatchAsync("/spm/api/findings/" + id, Http.Json("""{"status":"acknowledged","reason":"looking into it"}""")));
        Assert.Equal("acknowledged", patched.GetProperty("status").GetString());
        Assert.Equal("local-admin", patched.GetProperty("statusBy").GetString());
        Assert.Equal("looking into it", patched.GetProperty("statusReason").GetString());
        var got = await Http.JsonAsync(await admin.GetAsync("/spm/api/findings/" + id));
        Assert.Equal("acknowledged", got.GetProperty("status").GetString());

        var missing = await admin.PatchAsync("/spm/api/findings/f_000000000000000000000000", Http.Json("""{"status":"resolved","reason":"x"}"""));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task PolicyHasETagsConditionalGetsAndVersionBumps()
    {
        await using var own = await AdminServer.StartAsync();
        using var admin = own.Client(own.LocalToken);
        var first = await admin.GetAsync("/spm/api/policies");
        Assert.Equal("\"0\"", first.Headers.ETag?.Tag);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/spm/api/policies");
        conditional.Headers.TryAddWithoutValidation("If-None-Match", "\"0\"");
        Assert.Equal(HttpStatusCode.NotModified, (await admin.SendAsync(conditional)).StatusCode);

        var put = await admin.PutAsync("/spm/api/policies", Http.Json("""{"mode":"enforce","modeOverrides":[{"team":"research","mode":"monitor"}]}"""));
        var stored = await Http.JsonAsync(put);
        Assert.Equal("1", stored.GetProperty("version").GetString());
        Assert.Equal("\"1\"", put.Headers.ETag?.Tag);
        Assert.Equal("local-admin", stored.GetProperty("updatedBy").GetString());

        using var stale = new HttpRequestMessage(HttpMethod.Put, "/spm/api/policies") { Content = Http.Json("""{"mode":"monitor"}""") };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"0\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await admin.SendAsync(stale)).StatusCode);

        var mode = await Http.JsonAsync(await admin.PutAsync("/spm/api/defender/mode", Http.Json("""{"mode":"monitor"}""")));
        Assert.Equal("monitor", mode.GetProperty("mode").GetString());
        Assert.Equal("2", mode.GetProperty("version").GetString());
        var now = await Http.JsonAsync(await admin.GetAsync("/spm/api/policies"));
        Assert.Equal("monitor", now.GetProperty("mode").GetString());
        Assert.Equal("research", now.GetProperty("modeOverrides")[0].GetProperty("team").GetString());
        var getMode = await Http.JsonAsync(await admin.GetAsync("/spm/api/defender/mode"));
        Assert.Equal("monitor", getMode.GetProperty("mode").GetString());

        // The gateway's credential may read the policy but not change it or read events.
        using var gw = own.Client(AdminServer.GatewayToken);
        Assert.Equal(HttpStatusCode.OK, (await gw.GetAsync("/spm/api/policies")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await gw.PutAsync("/spm/api/policies", Http.Json("{}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await gw.GetAsync("/spm/api/events")).StatusCode);
    }

    [Fact]
    public async Task InventoryListsWhatWasSeen()
    {
        var key = Key();
        using var gw = Gateway();
        await Http.JsonAsync(await gw.PostAsync("/spm/api/events:batch", Http.Json(Http.BatchJson(Events.Make(1, key: key, model: "inv-model")))));
        using var admin = Admin();
        var keys = await Http.JsonAsync(await admin.GetAsync("/spm/api/inventory?kind=key"));
        Assert.Contains(keys.GetProperty("items").EnumerateArray(), i => i.GetProperty("name").GetString() == key);
        Assert.All(keys.GetProperty("items").EnumerateArray(), i => Assert.Equal("key", i.GetProperty("kind").GetString()));
        var all = await Http.JsonAsync(await admin.GetAsync("/spm/api/inventory"));
        Assert.Contains(all.GetProperty("items").EnumerateArray(), i => i.GetProperty("name").GetString() == "inv-model");
    }

    [Fact]
    public async Task PluginsListTheLoadedComponents()
    {
        using var admin = Admin();
        var body = await Http.JsonAsync(await admin.GetAsync("/spm/api/plugins"));
        var kinds = body.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("kind").GetString() + ":" + p.GetProperty("name").GetString()).ToArray();
        Assert.Contains("store:sqlite", kinds);
        Assert.Contains("auth:local", kinds);
        Assert.All(body.GetProperty("items").EnumerateArray(), p => Assert.False(string.IsNullOrEmpty(p.GetProperty("version").GetString())));
    }

    [Fact]
    public async Task LiveFeedStreamsNewlyStoredEvents()
    {
        using var admin = Admin();
        using var response = await admin.GetAsync("/spm/api/stream/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(stream);
        Assert.Equal(": connected", await reader.ReadLineAsync());

        var e = Events.Make(1, key: Key());
        using var gw = Gateway();
        await Http.JsonAsync(await gw.PostAsync("/spm/api/events:batch", Http.Json(Http.BatchJson(e))));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        string? line;
        while ((line = await reader.ReadLineAsync(timeout.Token)) is not null && !line.StartsWith("data: ", StringComparison.Ordinal))
        {
        }

        Assert.NotNull(line);
        using var doc = JsonDocument.Parse(line["data: ".Length..]);
        Assert.Equal(e.EventId, doc.RootElement.GetProperty("eventId").GetString());
    }

    [Fact]
    public async Task LiveFeedConnectionsAreCappedPerUser()
    {
        await using var own = await AdminServer.StartAsync(new() { ["maxLiveStreamsPerUser"] = "2" });
        using var admin = own.Client(own.LocalToken);
        using var first = await admin.GetAsync("/spm/api/stream/events", HttpCompletionOption.ResponseHeadersRead);
        using var second = await admin.GetAsync("/spm/api/stream/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        using (var third = await admin.GetAsync("/spm/api/stream/events", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        }

        // The gateway's credential is another user with its own count... but it may not read the feed at all.
        using var gw = own.Client(AdminServer.GatewayToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await gw.GetAsync("/spm/api/stream/events")).StatusCode);

        // Closing one frees its place once the server has seen the disconnect.
        first.Dispose();
        var limiter = own.Services.GetRequiredService<AiSpm.Admin.Live.LiveFeedLimiter>();
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (limiter.OpenFor("local-admin") > 1)
        {
            await Task.Delay(50, wait.Token);
        }

        using var again = await admin.GetAsync("/spm/api/stream/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task OpenApiDocumentAndBrowsableUiAreServed()
    {
        using var http = Server.Client(null);
        var doc = await Http.JsonAsync(await http.GetAsync("/spm/openapi/v1.json"));
        var paths = doc.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/spm/api/events:batch", out _));
        Assert.True(paths.TryGetProperty("/spm/api/findings/{id}", out _));
        var ui = await http.GetAsync("/spm/docs/");
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        Assert.Contains("text/html", ui.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CorsAllowsOnlyConfiguredOrigins()
    {
        using var http = Server.Client(null);
        foreach (var (origin, allowed) in new[] { ("https://console.example.com", true), ("https://evil.example.net", false) })
        {
            using var preflight = new HttpRequestMessage(HttpMethod.Options, "/spm/api/events");
            preflight.Headers.Add("Origin", origin);
            preflight.Headers.Add("Access-Control-Request-Method", "GET");
            preflight.Headers.Add("Access-Control-Request-Headers", "authorization");
            var response = await http.SendAsync(preflight);
            Assert.Equal(allowed, response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) && values.Single() == origin);
        }
    }
}
