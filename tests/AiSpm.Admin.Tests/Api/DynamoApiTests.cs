using AiSpm.Admin.Tests.Support;

namespace AiSpm.Admin.Tests.Api;

/// <summary>The whole service on the DynamoDB store (dynalite): tables created at start, ingest, queries, policy.</summary>
public sealed class DynamoApiTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    [Fact]
    public async Task ServiceRunsOnDynamoDb()
    {
        await using var server = await AdminServer.StartAsync(new()
        {
            ["storage:provider"] = "dynamodb",
            ["storage:dynamoServiceUrl"] = dynalite.Url.ToString(),
            ["storage:environment"] = "api" + Guid.NewGuid().ToString("N")[..8],
        });
        using var gw = server.Client(AdminServer.GatewayToken);
        using var admin = server.Client(server.LocalToken);
        var health = await Http.JsonAsync(await admin.GetAsync("/spm/health"));
        Assert.Equal("dynamodb", health.GetProperty("storage").GetString());

        var events = Enumerable.Range(0, 5).Select(i => Events.Make(i, key: "dyn")).ToArray();
        var r = await Http.JsonAsync(await gw.PostAsync("/spm/api/events:batch", Http.Gzip(Http.BatchJson(events))));
        Assert.Equal(5, r.GetProperty("stored").GetInt32());
        r = await Http.JsonAsync(await gw.PostAsync("/spm/api/events:batch", Http.Gzip(Http.BatchJson(events))));
        Assert.Equal(5, r.GetProperty("duplicates").GetInt32());

        var page = await Http.JsonAsync(await admin.GetAsync("/spm/api/events?key=dyn&limit=3"));
        Assert.Equal(3, page.GetProperty("items").GetArrayLength());
        var findings = await Http.JsonAsync(await admin.GetAsync("/spm/api/findings"));
        Assert.Equal(5, findings.GetProperty("items")[0].GetProperty("count").GetInt32());

        await MixedBatch.RunAsync(server);

        var mode = await Http.JsonAsync(await admin.PutAsync("/spm/api/defender/mode", Http.Json("{\"mode\":\"enforce\"}")));
        Assert.Equal("1", mode.GetProperty("version").GetString());
        var policy = await admin.GetAsync("/spm/api/policies");
        Assert.Equal("\"1\"", policy.Headers.ETag?.Tag);
    }
}
