using System.Net;
using System.Text.Json;
using AiSpm.Admin.Tests.Support;

namespace AiSpm.Admin.Tests.Integrations;

/// <summary>
/// GuardDuty in, with inputs shaped like GuardDuty's own (the EventBridge event and the GetFindings answer of
/// aws-models/guardduty): AI Protection findings become findings linked to their assets, duplicates are ignored,
/// malformed input gets a 400 naming the field, and the Guardian answers them.
/// </summary>
public sealed class GuardDutyIngestTests
{
    private const string Path = "/spm/api/integrations/guardduty/ingest";
    private const string GuardrailArn = "arn:aws:bedrock:us-east-1:123456789012:guardrail/abcdefghijkl";
    private const string ModelId = "anthropic.claude-3-5-sonnet-20240620-v1:0";

    private static string Finding(string id, string type, double severity, string updatedAt, string resource) => $$"""
        {
          "schemaVersion": "2.0", "accountId": "123456789012", "region": "us-east-1", "partition": "aws",
          "arn": "arn:aws:guardduty:us-east-1:123456789012:detector/12abc34d567e8fa901bc2d34eexample/finding/{{id}}",
          "id": "{{id}}", "type": "{{type}}", "severity": {{severity.ToString(System.Globalization.CultureInfo.InvariantCulture)}},
          "createdAt": "{{updatedAt}}", "updatedAt": "{{updatedAt}}", "confidence": 8,
          "title": "Suspicious use of a Bedrock model", "description": "An IAM principal invoked a model in an unusual way.",
          "resource": {{resource}},
          "service": { "serviceName": "guardduty", "detectorId": "12abc34d567e8fa901bc2d34eexample", "archived": false, "count": 1,
                       "eventFirstSeen": "{{updatedAt}}", "eventLastSeen": "{{updatedAt}}" }
        }
        """;

    private static readonly string PromptInjectionResource = $$"""
        { "resourceType": "AccessKey",
          "accessKeyDetails": { "accessKeyId": "ASIAEXAMPLEKEY", "principalId": "AROAEXAMPLE:bot", "userName": "chatbot", "userType": "AssumedRole" },
          "bedrockGuardrailDetails": { "guardrailArn": "{{GuardrailArn}}", "guardrailVersion": "1", "guardrailAction": "INTERVENED" } }
        """;

    private static readonly string ModelResource = $$"""
        { "resourceType": "AccessKey",
          "accessKeyDetails": { "accessKeyId": "ASIAEXAMPLEKEY", "userName": "batchjob", "userType": "IAMUser" },
          "modelDetails": [ { "modelId": "{{ModelId}}" } ] }
        """;

    private static string EventBridge(string finding) => $$"""
        { "version": "0", "id": "c8c4daa7-a20c-2f03-0070-b7393dd542ad", "detail-type": "GuardDuty Finding", "source": "aws.guardduty",
          "account": "123456789012", "time": "2026-12-07T10:00:00Z", "region": "us-east-1", "resources": [], "detail": {{finding}} }
        """;

    [Fact]
    public async Task AnEventBridgeFindingBecomesAGuardDutyFindingLinkedToItsGuardrailAndARepeatIsIgnored()
    {
        await using var server = await AdminServer.StartAsync();
        using var gw = server.Client(AdminServer.GatewayToken);
        using var admin = server.Client(server.LocalToken);
        var body = EventBridge(Finding("pidirect", "Impact:IAMUser/PromptInjection.Direct", 7.5, Recent(), PromptInjectionResource));

        var first = await Http.JsonAsync(await gw.PostAsync(Path, Http.Json(body)));
        Assert.Equal(1, first.GetProperty("stored").GetInt32());
        var again = await Http.JsonAsync(await gw.PostAsync(Path, Http.Json(body)));
        Assert.Equal(0, again.GetProperty("stored").GetInt32());
        Assert.Equal(1, again.GetProperty("duplicates").GetInt32());

        var finding = Assert.Single((await Http.JsonAsync(await admin.GetAsync("/spm/api/findings?type=guardduty_activity"))).GetProperty("items").EnumerateArray());
        Assert.Equal("high", finding.GetProperty("severity").GetString());
        Assert.Equal(1, finding.GetProperty("count").GetInt32());
        Assert.Equal("user:chatbot", finding.GetProperty("principal").GetString());
        var tags = finding.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ToList();
        Assert.Contains("source:guardduty", tags);
        Assert.Contains("asset:" + GuardrailArn, tags);
        Assert.Contains("guardduty:Impact:IAMUser/PromptInjection.Direct", finding.GetProperty("ruleIds").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task AGetFindingsAnswerKeepsOnlyAiFindingsAndANewUpdateCountsAgain()
    {
        await using var server = await AdminServer.StartAsync();
        using var gw = server.Client(AdminServer.GatewayToken);
        var t = Recent();
        var answer = "{\"findings\":[" + Finding("anomalous", "Impact:IAMUser/AnomalousModelInvocation", 8, t, ModelResource) + "," +
            Finding("recon", "Recon:IAMUser/MaliciousIPCaller", 5, t, """{ "resourceType": "AccessKey", "accessKeyDetails": { "userName": "ops" } }""") + "]}";

        var result = await Http.JsonAsync(await gw.PostAsync(Path, Http.Json(answer)));
        Assert.Equal(2, result.GetProperty("received").GetInt32());
        Assert.Equal(1, result.GetProperty("stored").GetInt32());
        Assert.Equal(1, result.GetProperty("notAiRelated").GetInt32());

        var updated = "{\"findings\":[" + Finding("anomalous", "Impact:IAMUser/AnomalousModelInvocation", 8, Recent(1), ModelResource) + "]}";
        Assert.Equal(1, (await Http.JsonAsync(await gw.PostAsync(Path, Http.Json(updated)))).GetProperty("stored").GetInt32());
    }

    [Theory]
    [InlineData("""{"detail-type":"AWS API Call via CloudTrail","source":"aws.guardduty","detail":{}}""", "detail-type")]
    [InlineData("""{"detail-type":"GuardDuty Finding","source":"aws.guardduty"}""", "detail")]
    [InlineData("""{"findings":{}}""", "findings")]
    [InlineData("""{"something":"else"}""", "body")]
    [InlineData("[1,2]", "body")]
    public async Task MalformedInputIsRefusedNamingTheField(string body, string field)
    {
        await using var server = await AdminServer.StartAsync();
        using var gw = server.Client(AdminServer.GatewayToken);
        using var response = await gw.PostAsync(Path, Http.Json(body));
        Assert.Contains(field, (await Http.ProblemErrorsAsync(response)).Keys);
    }

    [Fact]
    public async Task AFindingMissingItsSeverityOrWithABadTimeIsRefusedByPath()
    {
        await using var server = await AdminServer.StartAsync();
        using var gw = server.Client(AdminServer.GatewayToken);
        using var doc = JsonDocument.Parse(Finding("bad", "Impact:IAMUser/CostHarvesting", 8, Recent(), ModelResource));
        var broken = doc.RootElement.GetRawText().Replace("\"severity\": 8,", "", StringComparison.Ordinal).Replace("\"updatedAt\": \"" + doc.RootElement.GetProperty("updatedAt").GetString() + "\"", "\"updatedAt\": \"yesterday\"", StringComparison.Ordinal);
        using var response = await gw.PostAsync(Path, Http.Json("{\"findings\":[" + broken + "]}"));
        var errors = await Http.ProblemErrorsAsync(response);
        Assert.Contains("findings[0].severity", errors.Keys);
        Assert.Contains("findings[0].updatedAt", errors.Keys);

        using var anonymous = server.Client(null);
        using var refused = await anonymous.PostAsync(Path, Http.Json(EventBridge(Finding("x", "Impact:IAMUser/CostHarvesting", 8, Recent(), ModelResource))));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task TheGuardianAnswersAGuardDutyFindingByEnforcingForItsModel()
    {
        await using var server = await AdminServer.StartAsync(new() { ["guardian:mode"] = "recommend", ["guardian:intervalSeconds"] = "0" });
        using var gw = server.Client(AdminServer.GatewayToken);
        using var admin = server.Client(server.LocalToken);
        await Http.JsonAsync(await gw.PostAsync(Path, Http.Json(EventBridge(Finding("anomalous", "Impact:IAMUser/AnomalousModelInvocation", 8, Recent(), ModelResource)))));

        var run = await Http.JsonAsync(await admin.PostAsync("/spm/api/guardian/run", Http.Json("{}")));
        var action = Assert.Single(run.GetProperty("proposed").EnumerateArray());
        Assert.Equal("model:" + ModelId, action.GetProperty("target").GetString());
        Assert.Equal("guardduty_activity", action.GetProperty("findingType").GetString());
    }

    private static string Recent(int seconds = 0) =>
        DateTimeOffset.UtcNow.AddMinutes(-5).AddSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
