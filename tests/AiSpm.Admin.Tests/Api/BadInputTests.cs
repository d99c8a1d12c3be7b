using System.Net;
using System.Text;
using System.Text.Json;
using AiSpm.Admin.Tests.Support;

namespace AiSpm.Admin.Tests.Api;

/// <summary>
/// Bad input to every endpoint gets a 400 problem-details body whose "errors" name the field, and nothing of a
/// refused request is stored.
/// </summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private AdminServer _server = null!;

    public async Task InitializeAsync() => _server = await AdminServer.StartAsync(new() { ["maxBodyBytes"] = "65536" });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>The field is named either as an error key or, for parse errors of absent members, in the message.</summary>
    private static void AssertNames(Dictionary<string, string[]> errors, string field)
    {
        var leaf = field[(field.LastIndexOf('.') + 1)..];
        Assert.True(
            errors.ContainsKey(field) || errors.Any(e => e.Value.Any(m => m.Contains("'" + leaf + "'", StringComparison.Ordinal))),
            "expected an error naming '" + field + "', got: " + JsonSerializer.Serialize(errors));
    }

    private static string Event(string key, string extra = "", string severity = "high", string id = "") =>
        "{\"eventId\":\"" + (id.Length > 0 ? id : Guid.NewGuid().ToString("N")) + "\",\"timestamp\":\"" + Events.Base.ToString("O") + "\",\"gatewayId\":\"gw\",\"ruleId\":\"r\",\"category\":\"jailbreak\",\"severity\":\"" + severity
        + "\",\"action\":\"flagged\",\"phase\":\"request\",\"mode\":\"monitor\",\"keyAlias\":\"" + key + "\"" + extra + "}";

    /// <summary>Envelope errors: the batch as a whole is unreadable or too big, so nothing of it is stored.</summary>
    public static TheoryData<string, string, string> BadBatches()
    {
        const string K = "KEY";
        return new()
        {
            { "malformed JSON", "{\"gatewayId\":\"gw\",\"events\":[" + Event(K), "events[1]" },
            { "unknown top-level field", "{\"gatewayId\":\"gw\",\"extra\":true,\"events\":[" + Event(K) + "]}", "extra" },
            { "null for non-nullable", "{\"gatewayId\":null,\"events\":[" + Event(K) + "]}", "gatewayId" },
            { "no events array", "{\"gatewayId\":\"gw\",\"events\":{}}", "events" },
            { "oversized batch", "{\"gatewayId\":\"gw\",\"events\":[" + string.Join(",", Enumerable.Range(0, 51).Select(_ => Event(K))) + "]}", "events" },
            { "empty batch", "{\"gatewayId\":\"gw\",\"events\":[]}", "events" },
            { "not an object", "[1,2,3]", "body" },
            { "empty body", "", "body" },
        };
    }

    [Theory]
    [MemberData(nameof(BadBatches))]
    public async Task BadBatchIsRefusedNamingTheFieldAndStoresNothing(string why, string body, string field)
    {
        var key = "bad" + Guid.NewGuid().ToString("N")[..8];
        using var gw = _server.Client(AdminServer.GatewayToken);
        var response = await gw.PostAsync("/spm/api/events:batch", Http.Json(body.Replace("KEY", key, StringComparison.Ordinal)));
        AssertNames(await Http.ProblemErrorsAsync(response), field);
        await AssertNothingStoredAsync(key, why);
    }

    [Fact]
    public async Task BodyTooLargeIsRefusedWith413AndStoresNothing()
    {
        var key = "big" + Guid.NewGuid().ToString("N")[..8];
        using var gw = _server.Client(AdminServer.GatewayToken);
        var body = "{\"gatewayId\":\"gw\",\"events\":[" + Event(key, ",\"evidence\":\"" + new string('x', 70_000) + "\"") + "]}";
        foreach (var content in new HttpContent[] { Http.Json(body), Http.Gzip(body) })
        {
            var response = await gw.PostAsync("/spm/api/events:batch", content);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("\"body\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await AssertNothingStoredAsync(key, "too large");
    }

    /// <summary>Per-event errors: the event at index 1 of good, bad, good is rejected alone and named; the others are stored.</summary>
    public static TheoryData<string, string, string> BadEvents()
    {
        const string K = "KEY";
        return new()
        {
            { "wrong type", Event(K, ",\"spanStart\":\"three\""), "spanStart" },
            { "unknown field", Event(K, ",\"bogus\":1"), "bogus" },
            { "missing required", "{\"eventId\":\"x1\",\"keyAlias\":\"" + K + "\"}", "ruleId" },
            { "bad enum", Event(K, severity: "urgent"), "severity" },
            { "bad timestamp", Event(K).Replace(Events.Base.ToString("O"), "yesterday", StringComparison.Ordinal), "timestamp" },
            { "bad event id", Event(K, id: "has space"), "eventId" },
            { "over-long request id", Event(K, ",\"requestId\":\"" + new string('q', 300) + "\""), "requestId" },
            { "too many tags", Event(K, ",\"tags\":[" + string.Join(",", Enumerable.Range(0, 33).Select(i => "\"t" + i + "\"")) + "]"), "tags" },
            { "null event", "null", "event" },
            { "not an object", "42", "event" },
        };
    }

    [Theory]
    [MemberData(nameof(BadEvents))]
    public async Task BadEventIsRejectedAloneNamingTheFieldAndTheOthersAreStored(string why, string badEvent, string field)
    {
        var key = "one" + Guid.NewGuid().ToString("N")[..8];
        string[] goodIds = [Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N")];
        var body = "{\"gatewayId\":\"gw\",\"events\":[" + Event(key, id: goodIds[0]) + "," + badEvent.Replace("KEY", key, StringComparison.Ordinal) + "," + Event(key, id: goodIds[1]) + "]}";
        using var gw = _server.Client(AdminServer.GatewayToken);
        var result = await Http.JsonAsync(await gw.PostAsync("/spm/api/events:batch", Http.Json(body)));
        Assert.Equal(3, result.GetProperty("received").GetInt32());
        Assert.Equal(2, result.GetProperty("stored").GetInt32());
        var rejected = Assert.Single(result.GetProperty("rejected").EnumerateArray());
        Assert.Equal(1, rejected.GetProperty("index").GetInt32());
        var message = rejected.GetProperty("message").GetString()!;
        Assert.True(
            rejected.GetProperty("field").GetString() == field || message.Contains("'" + field + "'", StringComparison.Ordinal),
            why + ": expected the rejection to name '" + field + "', got " + rejected);

        using var admin = _server.Client(_server.LocalToken);
        var stored = await Http.JsonAsync(await admin.GetAsync("/spm/api/events?key=" + key));
        Assert.Equal(goodIds.Order(StringComparer.Ordinal), stored.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("eventId").GetString()).Order(StringComparer.Ordinal));
    }

    private async Task AssertNothingStoredAsync(string key, string why)
    {
        using var admin = _server.Client(_server.LocalToken);
        var stored = await Http.JsonAsync(await admin.GetAsync("/spm/api/events?key=" + key));
        Assert.True(stored.GetProperty("items").GetArrayLength() == 0, why + ": something was stored");
        var inventory = await Http.JsonAsync(await admin.GetAsync("/spm/api/inventory?kind=key"));
        Assert.DoesNotContain(inventory.GetProperty("items").EnumerateArray(), i => i.GetProperty("name").GetString() == key);
    }

    [Fact]
    public async Task InvalidGzipAndUnsupportedEncodingAreRefused()
    {
        using var gw = _server.Client(AdminServer.GatewayToken);
        var notGzip = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"this is\":\"not gzip\"}"));
        notGzip.Headers.ContentType = new("application/json");
        notGzip.Headers.ContentEncoding.Add("gzip");
        AssertNames(await Http.ProblemErrorsAsync(await gw.PostAsync("/spm/api/events:batch", notGzip)), "body");

        var br = Http.Json("{}");
        br.Headers.ContentEncoding.Add("br");
        AssertNames(await Http.ProblemErrorsAsync(await gw.PostAsync("/spm/api/events:batch", br)), "body");
    }

    public static TheoryData<string, string> BadQueries() => new()
    {
        { "/spm/api/events?severity=urgent", "severity" },
        { "/spm/api/events?action=exploded", "action" },
        { "/spm/api/events?limit=0", "limit" },
        { "/spm/api/events?limit=ten", "limit" },
        { "/spm/api/events?from=yesterday", "from" },
        { "/spm/api/events?cursor=not-a-cursor", "cursor" },
        { "/spm/api/events?bogus=1", "bogus" },
        { "/spm/api/events?key=a&key=b", "key" },
        { "/spm/api/events?to=2999-01-01T00:00:00Z", "to" },
        { "/spm/api/events?from=2000-01-01T00:00:00Z&to=2000-03-01T00:00:00Z", "from" },
        { "/spm/api/events?from=2000-01-01T00:00:00Z", "from" },
        { "/spm/api/events?from=2000-02-01T00:00:00Z&to=2000-01-01T00:00:00Z", "from" },
        { "/spm/api/findings?status=closed", "status" },
        { "/spm/api/findings?limit=100000", "limit" },
        { "/spm/api/inventory?kind=planet", "kind" },
        { "/spm/api/policies?x=1", "x" },
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task BadQueryParametersAreRefusedNamingTheParameter(string url, string field)
    {
        using var admin = _server.Client(_server.LocalToken);
        AssertNames(await Http.ProblemErrorsAsync(await admin.GetAsync(url)), field);
    }

    public static TheoryData<string, string> BadPolicies() => new()
    {
        { "{\"mode\":\"bogus\"}", "mode" },
        { "{\"mode\":5}", "mode" },
        { "{\"nope\":1}", "nope" },
        { "{\"modeOverrides\":\"x\"}", "modeOverrides" },
        { "{\"modeOverrides\":[{\"mode\":\"enforce\"}]}", "modeOverrides[0].route" },
        { "{\"modeOverrides\":[{\"model\":\"gpt*\",\"mode\":\"loud\"}]}", "modeOverrides[0].mode" },
        { "{\"suppressions\":[{\"ruleId\":\"r\",\"textSha256\":\"abc\"}]}", "suppressions[0].textSha256" },
        { "{\"rateLimits\":[{\"scope\":\"galaxy\",\"requestsPerMinute\":10}]}", "rateLimits[0].scope" },
        { "{\"rateLimits\":[{\"scope\":\"key\",\"requestsPerMinute\":0}]}", "rateLimits[0].requestsPerMinute" },
        { "{\"tokenLimits\":[{\"key\":\"a\",\"tokensPerMinute\":-1}]}", "tokenLimits[0].tokensPerMinute" },
        { "{\"enabledRulePacks\":[\"\"]}", "enabledRulePacks[0]" },
        { "{\"mode\":\"enforce\"", "body" },
    };

    [Theory]
    [MemberData(nameof(BadPolicies))]
    public async Task BadPolicyIsRefusedNamingTheFieldAndChangesNothing(string body, string field)
    {
        using var admin = _server.Client(_server.LocalToken);
        var before = (await admin.GetAsync("/spm/api/policies")).Headers.ETag?.Tag;
        AssertNames(await Http.ProblemErrorsAsync(await admin.PutAsync("/spm/api/policies", Http.Json(body))), field);
        Assert.Equal(before, (await admin.GetAsync("/spm/api/policies")).Headers.ETag?.Tag);
    }

    public static TheoryData<string, string, string> BadBodies() => new()
    {
        { "/spm/api/defender/mode", "{\"mode\":\"loud\"}", "mode" },
        { "/spm/api/defender/mode", "{\"mode\":1}", "mode" },
        { "/spm/api/defender/mode", "{}", "mode" },
        { "/spm/api/defender/mode", "{\"mode\":\"enforce\",\"x\":1}", "x" },
        { "PATCH", "{\"status\":\"closed\",\"reason\":\"r\"}", "status" },
        { "PATCH", "{\"status\":5,\"reason\":\"r\"}", "status" },
        { "PATCH", "{\"status\":\"resolved\"}", "reason" },
        { "PATCH", "{\"status\":\"resolved\",\"reason\":\" \"}", "reason" },
        { "PATCH", "{\"status\":\"resolved\",\"reason\":\"r\",\"by\":\"someone else\"}", "by" },
        { "PATCH", "not json", "body" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task BadModeAndFindingBodiesAreRefusedNamingTheField(string target, string body, string field)
    {
        using var admin = _server.Client(_server.LocalToken);
        HttpResponseMessage response;
        if (target == "PATCH")
        {
            // A real finding, so a 400 cannot be confused with a 404, and its status must not change.
            var key = "p" + Guid.NewGuid().ToString("N")[..8];
            using var gw = _server.Client(AdminServer.GatewayToken);
            await Http.JsonAsync(await gw.PostAsync("/spm/api/events:batch", Http.Json(Http.BatchJson(Events.Make(1, key: key)))));
            var findings = await Http.JsonAsync(await admin.GetAsync("/spm/api/findings?limit=1000"));
            var id = findings.GetProperty("items").EnumerateArray().Single(f => f.GetProperty("principal").GetString() == "key:" + key).GetProperty("id").GetString();
            response = await admin.PatchAsync("/spm/api/findings/" + id, Http.Json(body));
            AssertNames(await Http.ProblemErrorsAsync(response), field);
            var after = await Http.JsonAsync(await admin.GetAsync("/spm/api/findings/" + id));
            Assert.Equal("open", after.GetProperty("status").GetString());
            return;
        }

        var before = (await admin.GetAsync("/spm/api/policies")).Headers.ETag?.Tag;
        response = await admin.PutAsync(target, Http.Json(body));
        AssertNames(await Http.ProblemErrorsAsync(response), field);
        Assert.Equal(before, (await admin.GetAsync("/spm/api/policies")).Headers.ETag?.Tag);
    }

    public static TheoryData<string?> NotJson() => new()
    {
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "text/plain",
        "text/plain; charset=utf-8",
        "application/jsonp",
        null,
    };

    /// <summary>A browser's no-cors form post can send only form, multipart or text/plain bodies: none of them is ingested.</summary>
    [Theory]
    [MemberData(nameof(NotJson))]
    public async Task ABatchThatIsNotDeclaredJsonIsRefusedWith415(string? contentType)
    {
        var key = "ct" + Guid.NewGuid().ToString("N")[..8];
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Http.BatchJson(Events.Make(1, key: key))));
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        using var gw = _server.Client(AdminServer.GatewayToken);
        var response = await gw.PostAsync("/spm/api/events:batch", content);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        await AssertNothingStoredAsync(key, contentType ?? "no content type");
    }
}
