using System.Text.Json;
using AiSpm.Admin.Json;
using AiSpm.Contracts;

namespace AiSpm.Admin.Tests.Support;

/// <summary>
/// The attack of issue 19: one event with a 300-character request id (copied from a client's X-Request-ID) used to
/// get its whole batch refused. Now it is rejected alone and the events batched with it are stored; run against
/// each store.
/// </summary>
internal static class MixedBatch
{
    public static async Task RunAsync(AdminServer server)
    {
        var key = "mix" + Guid.NewGuid().ToString("N")[..8];
        var good = new[] { Events.Make(1, key: key), Events.Make(2, key: key), Events.Make(3, key: key) };
        var bad = Events.Make(4, key: key) with { RequestId = new string('r', 300) };
        var batch = JsonSerializer.Serialize(new EventBatch { GatewayId = "gw-1", Events = [good[0], bad, good[1], good[2]] }, AdminJsonContext.Default.EventBatch);

        using var gw = server.Client(AdminServer.GatewayToken);
        var result = await Http.JsonAsync(await gw.PostAsync("/spm/api/events:batch", Http.Gzip(batch)));
        Assert.Equal(4, result.GetProperty("received").GetInt32());
        Assert.Equal(3, result.GetProperty("stored").GetInt32());
        Assert.Equal(0, result.GetProperty("duplicates").GetInt32());
        var rejected = Assert.Single(result.GetProperty("rejected").EnumerateArray());
        Assert.Equal(1, rejected.GetProperty("index").GetInt32());
        Assert.Equal(bad.EventId, rejected.GetProperty("eventId").GetString());
        Assert.Equal("requestId", rejected.GetProperty("field").GetString());
        Assert.Contains("256", rejected.GetProperty("message").GetString(), StringComparison.Ordinal);

        using var admin = server.Client(server.LocalToken);
        var stored = await Http.JsonAsync(await admin.GetAsync("/spm/api/events?key=" + key));
        Assert.Equal(
            good.Select(e => e.EventId).Order(StringComparer.Ordinal),
            stored.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("eventId").GetString()).Order(StringComparer.Ordinal));

        // The gateway retries what was not rejected: the three good events are duplicates now, the bad one is still rejected.
        var again = await Http.JsonAsync(await gw.PostAsync("/spm/api/events:batch", Http.Json(batch)));
        Assert.Equal(4, again.GetProperty("received").GetInt32());
        Assert.Equal(0, again.GetProperty("stored").GetInt32());
        Assert.Equal(3, again.GetProperty("duplicates").GetInt32());
        Assert.Equal(1, again.GetProperty("rejected").GetArrayLength());
    }
}
