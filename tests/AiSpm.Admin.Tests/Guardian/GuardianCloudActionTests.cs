using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiSpm.Admin.Guardian;
using AiSpm.Admin.Tests.Support;
using AiSpm.Fakes;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;

namespace AiSpm.Admin.Tests.Guardian;

/// <summary>
/// The Guardian's responses outside the gateway, against the fakes: a guardrail GuardDuty names is tightened through
/// signed Bedrock calls that match botocore's shapes and restored on rollback; an agent gets the configured guardrail
/// and is prepared; a Temporal workflow type is quarantined through the real Temporalio client and reset on rollback.
/// </summary>
public sealed class GuardianCloudActionTests : IAsyncLifetime
{
    private const string Region = "us-east-1";
    private const string GuardrailArn = "arn:aws:bedrock:us-east-1:123456789012:guardrail/gr1";
    private const string AgentArn = "arn:aws:bedrock:us-east-1:123456789012:agent/AGPRICING1";
    private const long T = 1764583200;

    private FakeAws _aws = null!;
    private string _draftStrength = "LOW";

    public async Task InitializeAsync()
    {
        _aws = await FakeAws.StartAsync();
        _aws.ValidateInputs = true;
        _aws.On("bedrock:GetGuardrail", call => FakeAnswer.Ok($$"""
            {"name":"sales-desk","guardrailId":"gr1","guardrailArn":"{{GuardrailArn}}","version":"DRAFT","status":"READY","createdAt":{{T}},"updatedAt":{{T}},
             "topicPolicy":{"topics":[{"name":"competitors","definition":"Talk about rival hotels"}]},
             "contentPolicy":{"filters":[{"type":"HATE","inputStrength":"HIGH","outputStrength":"HIGH"},{"type":"PROMPT_ATTACK","inputStrength":"{{_draftStrength}}","outputStrength":"NONE"}]},
             "blockedInputMessaging":"Sorry.","blockedOutputsMessaging":"Sorry."}
            """));
        _aws.On("bedrock:UpdateGuardrail", call =>
        {
            _draftStrength = GuardrailUpdate.PromptAttackStrength(call.Input) ?? "NONE";
            return FakeAnswer.Ok($$"""{"guardrailId":"gr1","guardrailArn":"{{GuardrailArn}}","version":"DRAFT","updatedAt":{{T}} }""");
        });
        _aws.On("bedrock:CreateGuardrailVersion", """{"guardrailId":"gr1","version":"2"}""");
    }

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    [Fact]
    public async Task AGuardrailGuardDutyNamesIsRaisedToHighOnApprovalAndRestoredOnRollback()
    {
        var settings = new Dictionary<string, string?>
        {
            ["guardian:mode"] = "recommend",
            ["guardian:intervalSeconds"] = "0",
            ["guardian:bedrock:region"] = Region,
            ["guardian:environment:AWS_ENDPOINT_URL"] = _aws.Url,
            ["guardian:environment:AWS_ACCESS_KEY_ID"] = FakeAws.AccessKey,
            ["guardian:environment:AWS_SECRET_ACCESS_KEY"] = FakeAws.SecretKey,
        };
        await using var server = await AdminServer.StartAsync(settings);
        using var admin = server.Client(server.LocalToken);
        using var gw = server.Client(AdminServer.GatewayToken);
        var now = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        using (var ingest = await gw.PostAsync("/spm/api/integrations/guardduty/ingest", Http.Json($$"""
            { "version": "0", "id": "e1", "detail-type": "GuardDuty Finding", "source": "aws.guardduty", "account": "123456789012", "time": "{{now}}", "region": "us-east-1", "resources": [],
              "detail": { "schemaVersion": "2.0", "accountId": "123456789012", "region": "us-east-1", "partition": "aws",
                "arn": "arn:aws:guardduty:us-east-1:123456789012:detector/d1/finding/pi1", "id": "pi1", "type": "Impact:IAMUser/PromptInjection.Direct", "severity": 8,
                "createdAt": "{{now}}", "updatedAt": "{{now}}", "title": "Prompt injection against a Bedrock model", "description": "d",
                "resource": { "resourceType": "AccessKey", "accessKeyDetails": { "userName": "chatbot" },
                              "bedrockGuardrailDetails": { "guardrailArn": "{{GuardrailArn}}", "guardrailVersion": "1", "guardrailAction": "NONE" } },
                "service": { "serviceName": "guardduty", "detectorId": "d1", "count": 1 } } }
            """)))
        {
            Assert.Equal(HttpStatusCode.OK, ingest.StatusCode);
        }

        var proposed = (await PostAsync(admin, "/spm/api/guardian/run", "{}")).GetProperty("proposed").EnumerateArray()
            .Single(a => a.GetProperty("kind").GetString() == GuardianActionKind.BedrockGuardrailStrength);
        Assert.Equal(GuardrailArn, proposed.GetProperty("target").GetString());
        Assert.Equal("pending", proposed.GetProperty("state").GetString());
        Assert.Equal(0, _aws.CallCount("bedrock:UpdateGuardrail"));
        var id = proposed.GetProperty("id").GetString()!;

        var executed = await PostAsync(admin, "/spm/api/guardian/actions/" + id + "/approve", "{}");

        Assert.Equal("executed", executed.GetProperty("state").GetString());
        Assert.Equal("HIGH", _draftStrength);
        Assert.Equal(1, _aws.CallCount("bedrock:CreateGuardrailVersion"));
        var after = JsonNode.Parse(executed.GetProperty("after").GetString()!)!;
        Assert.Equal("2", after["publishedVersion"]!.GetValue<string>());
        Assert.Equal("competitors", after["request"]!["topicPolicyConfig"]!["topicsConfig"]![0]!["name"]!.GetValue<string>());

        var rolledBack = await PostAsync(admin, "/spm/api/guardian/actions/" + id + "/rollback", """{"reason":"blocks the RFP parser"}""");

        Assert.Equal("rolled_back", rolledBack.GetProperty("state").GetString());
        Assert.Equal("LOW", _draftStrength);
        Assert.Empty(_aws.ShapeErrors);
        Assert.Empty(_aws.SignatureErrors);
        var steps = (await Http.JsonAsync(await admin.GetAsync("/spm/api/guardian/audit?actionId=" + id))).GetProperty("items").EnumerateArray()
            .Select(a => a.GetProperty("step").GetString());
        Assert.Equal(["proposed", "approved", "executed", "rolled_back"], steps);
    }

    [Fact]
    public async Task AnAgentGetsTheConfiguredGuardrailAndIsPreparedThenLosesItOnRollback()
    {
        var updates = new List<JsonObject>();
        JsonObject? guardrail = null;
        _aws.On("bedrock-agent:GetAgent", call =>
        {
            var agent = JsonNode.Parse($$"""
                {"agentId":"AGPRICING1","agentName":"pricing","agentArn":"{{AgentArn}}","agentVersion":"DRAFT","agentStatus":"PREPARED",
                 "foundationModel":"anthropic.claude-3-haiku-20240307-v1:0","instruction":"Quote group rates from the rate card.","idleSessionTTLInSeconds":600,
                 "agentResourceRoleArn":"arn:aws:iam::123456789012:role/pricing-agent","createdAt":{{T}},"updatedAt":{{T}} }
                """)!.AsObject();
            if (guardrail is not null)
            {
                agent["guardrailConfiguration"] = guardrail.DeepClone();
            }

            return FakeAnswer.Ok(new JsonObject { ["agent"] = agent });
        });
        _aws.On("bedrock-agent:UpdateAgent", call =>
        {
            updates.Add((JsonObject)call.Input.DeepClone());
            guardrail = call.Input["guardrailConfiguration"]?.DeepClone().AsObject();
            return FakeAnswer.Ok($$"""
                {"agent":{"agentId":"AGPRICING1","agentName":"pricing","agentArn":"{{AgentArn}}","agentVersion":"DRAFT","agentStatus":"NOT_PREPARED","idleSessionTTLInSeconds":600,
                 "agentResourceRoleArn":"arn:aws:iam::123456789012:role/pricing-agent","createdAt":{{T}},"updatedAt":{{T}} } }
                """);
        });
        _aws.On("bedrock-agent:PrepareAgent", $$"""{"agentId":"AGPRICING1","agentStatus":"PREPARING","agentVersion":"DRAFT","preparedAt":{{T}} }""");
        var settings = Settings() with { AgentGuardrailIdentifier = "gr1", AgentGuardrailVersion = "2" };
        var actuator = new BedrockAgentGuardrailActuator(new GuardianAws(new Clients(), settings), settings);
        var action = Action(GuardianActionKind.BedrockAgentGuardrail, AgentArn);

        var done = await actuator.ExecuteAsync(action, "analyst", CancellationToken.None);

        Assert.True(done.Ok, done.Error);
        var update = Assert.Single(updates);
        Assert.Equal("gr1", update["guardrailConfiguration"]!["guardrailIdentifier"]!.GetValue<string>());
        Assert.Equal("2", update["guardrailConfiguration"]!["guardrailVersion"]!.GetValue<string>());
        // UpdateAgent replaces the agent: what it had must be sent back with it.
        Assert.Equal("Quote group rates from the rate card.", update["instruction"]!.GetValue<string>());
        Assert.Equal("arn:aws:iam::123456789012:role/pricing-agent", update["agentResourceRoleArn"]!.GetValue<string>());
        Assert.Equal(1, _aws.CallCount("bedrock-agent:PrepareAgent"));
        Assert.Null(JsonNode.Parse(done.Before!)!["guardrailConfiguration"]);

        var undone = await actuator.RollbackAsync(action with { Before = done.Before, After = done.After }, "analyst", CancellationToken.None);

        Assert.True(undone.Ok, undone.Error);
        Assert.Equal(2, updates.Count);
        Assert.Null(updates[1]["guardrailConfiguration"]);
        Assert.Equal(2, _aws.CallCount("bedrock-agent:PrepareAgent"));
        Assert.Empty(_aws.ShapeErrors);
        Assert.Empty(_aws.SignatureErrors);
    }

    [Fact]
    public async Task AWorkflowTypeIsQuarantinedThroughTheTemporalClientAndResetOnRollback()
    {
        var started = DateTimeOffset.UtcNow.AddMinutes(-10);
        await using var temporal = await FakeTemporal.StartAsync("hospitality", [
            new FakeWorkflowRun("rfp-1", "run-a", "GroupSalesWorkflow", "sales", WorkflowExecutionStatus.Running, started, [("QuoteRates", "{}")]),
            new FakeWorkflowRun("rfp-2", "run-b", "GroupSalesWorkflow", "sales", WorkflowExecutionStatus.Running, started, [("QuoteRates", "{}"), ("TakeDeposit", "{}")]),
            new FakeWorkflowRun("rfp-0", "run-c", "GroupSalesWorkflow", "sales", WorkflowExecutionStatus.Completed, started, []),
            new FakeWorkflowRun("menu-1", "run-d", "MenuWorkflow", "kitchen", WorkflowExecutionStatus.Running, started, []),
        ]);
        var settings = Settings() with { TemporalAddress = temporal.Address, TemporalNamespace = "hospitality" };
        var actuator = new TemporalQuarantineActuator(settings);
        var action = Action(GuardianActionKind.TemporalQuarantine, "temporal:workflow:hospitality/GroupSalesWorkflow");

        var done = await actuator.ExecuteAsync(action, "analyst", CancellationToken.None);

        Assert.True(done.Ok, done.Error);
        var terminated = temporal.Writes.OfType<TerminateWorkflowExecutionRequest>().Select(w => w.WorkflowExecution.RunId).Order().ToList();
        Assert.Equal(["run-a", "run-b"], terminated);
        Assert.All(temporal.Runs.Where(r => r.RunId is "run-a" or "run-b"), r => Assert.Equal(WorkflowExecutionStatus.Terminated, r.Status));
        Assert.Equal(WorkflowExecutionStatus.Running, temporal.Runs.Single(r => r.RunId == "run-d").Status);
        Assert.Contains(action.Id, temporal.Writes.OfType<TerminateWorkflowExecutionRequest>().First().Reason, StringComparison.Ordinal);

        var undone = await actuator.RollbackAsync(action with { Before = done.Before, After = done.After }, "analyst", CancellationToken.None);

        Assert.True(undone.Ok, undone.Error);
        var resets = temporal.Writes.OfType<ResetWorkflowExecutionRequest>().OrderBy(r => r.WorkflowExecution.RunId).ToList();
        Assert.Equal(2, resets.Count);
        Assert.Equal(FakeTemporal.CompletedWorkflowTaskEventId(temporal.Runs.Single(r => r.RunId == "run-b")), resets[1].WorkflowTaskFinishEventId);
        Assert.Equal(4, temporal.Runs.Count(r => r.Status == WorkflowExecutionStatus.Running && r.Type == "GroupSalesWorkflow") + temporal.Runs.Count(r => r.RunId is "run-a" or "run-b"));
        var after = JsonNode.Parse(undone.After!)!["executions"]!.AsArray();
        Assert.All(after, e => Assert.Equal("running", e!["status"]!.GetValue<string>()));
    }

    [Fact]
    public void ThePlannerProposesCloudActionsOnlyWhereConfiguredAndNeverQuarantinesForAPostureFinding()
    {
        var now = DateTimeOffset.UtcNow;
        var posture = Finding("posture_control", GuardrailArn, [GuardianPlanner.PromptAttackControl], [], now);
        var agent = Finding("posture_control", AgentArn, [GuardianPlanner.AgentGuardrailControl], [], now);
        var activity = Finding("prompt_injection_activity", "key:sales", ["PI-1"], ["asset:" + AgentArn], now);
        var context = new GuardianContext { WorkflowsOrchestrating = new Dictionary<string, IReadOnlyList<string>> { [AgentArn] = ["temporal:workflow:hospitality/GroupSalesWorkflow"] } };
        var none = Settings();
        var all = none with { AgentGuardrailIdentifier = "gr1", AgentGuardrailVersion = "2", TemporalAddress = "127.0.0.1:7233", TemporalNamespace = "hospitality" };

        var unconfigured = GuardianPlanner.Plan([posture, agent, activity], AiSpm.Contracts.GatewayPolicy.Default, [], none with { BedrockRegion = null }, now, context);
        var configured = GuardianPlanner.Plan([posture, agent, activity], AiSpm.Contracts.GatewayPolicy.Default, [], all, now, context);
        var otherRegion = GuardianPlanner.Plan([posture], AiSpm.Contracts.GatewayPolicy.Default, [], all with { BedrockRegion = "eu-west-1" }, now, context);

        Assert.DoesNotContain(unconfigured, a => a.Kind is GuardianActionKind.BedrockGuardrailStrength or GuardianActionKind.BedrockAgentGuardrail or GuardianActionKind.TemporalQuarantine);
        Assert.DoesNotContain(otherRegion, a => a.Kind == GuardianActionKind.BedrockGuardrailStrength);
        var strength = Assert.Single(configured, a => a.Kind == GuardianActionKind.BedrockGuardrailStrength);
        Assert.Equal(GuardrailArn, strength.Target);
        Assert.True(strength.Reversible);
        var attach = Assert.Single(configured, a => a.Kind == GuardianActionKind.BedrockAgentGuardrail);
        Assert.Equal(AgentArn, attach.Target);
        Assert.False(attach.Reversible);
        var quarantine = Assert.Single(configured, a => a.Kind == GuardianActionKind.TemporalQuarantine);
        Assert.Equal("temporal:workflow:hospitality/GroupSalesWorkflow", quarantine.Target);
        Assert.Equal(activity.Id, quarantine.FindingId);
        Assert.Equal(GuardianPlanner.Contain, quarantine.Level);
        Assert.False(quarantine.Reversible);
    }

    [Theory]
    [InlineData("bedrock_guardrail_prompt_attack.rego", GuardianPlanner.PromptAttackControl)]
    [InlineData("bedrock_agent_guardrail.rego", GuardianPlanner.AgentGuardrailControl)]
    public void ThePlannerNamesTheControlsByTheIdTheirFindingsCarry(string file, string id)
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "config", "controls", file));

        Assert.Matches(@"(?m)^#\s+id:\s*" + System.Text.RegularExpressions.Regex.Escape(id) + @"\s*$", text);
    }

    private GuardianSettings Settings() => new()
    {
        Mode = GuardianSettings.Recommend,
        BedrockRegion = Region,
        Environment = new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL"] = _aws.Url,
            ["AWS_ACCESS_KEY_ID"] = FakeAws.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = FakeAws.SecretKey,
        },
    };

    private static GuardianAction Action(string kind, string target) => new()
    {
        Id = GuardianPlanner.IdFor(kind, target, "f1"),
        Kind = kind,
        Level = GuardianPlanner.Contain,
        Target = target,
        FindingId = "f1",
        FindingType = "prompt_injection_activity",
        Severity = "critical",
        Reason = "test",
        State = GuardianActionState.Executing,
    };

    private static AiSpm.Admin.Storage.FindingRecord Finding(string type, string principal, string[] rules, string[] tags, DateTimeOffset now) => new()
    {
        Id = "f_" + type + principal.Length,
        Type = type,
        Title = "t",
        Category = type == "posture_control" ? "posture" : "prompt_injection",
        Severity = "high",
        Status = AiSpm.Admin.Storage.FindingStatus.Open,
        Principal = principal,
        Count = 1,
        FirstSeen = now,
        LastSeen = now,
        RuleIds = rules,
        Tags = tags,
        Remediation = "r",
    };

    private static async Task<JsonElement> PostAsync(HttpClient http, string path, string body) =>
        await Http.JsonAsync(await http.PostAsync(path, Http.Json(body)));

    private sealed class Clients : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new();
    }
}
