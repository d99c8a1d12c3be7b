using AiSpm.Fakes;
using AiSpm.Scanner.Connectors;
using AiSpm.Scanner.Mapping;
using AiSpm.Scanner.Temporal;
using Temporalio.Api.Enums.V1;

namespace AiSpm.Scanner.Tests.Temporal;

/// <summary>The real <c>Temporalio</c> client against the fake frontend (gRPC over HTTP/2, the package's own messages).</summary>
public sealed class TemporalConnectorTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static List<FakeWorkflowRun> Runs(int count)
    {
        var runs = new List<FakeWorkflowRun>();
        for (var i = 0; i < count; i++)
        {
            var status = (i % 5) switch
            {
                0 => WorkflowExecutionStatus.Running,
                1 => WorkflowExecutionStatus.Failed,
                _ => WorkflowExecutionStatus.Completed,
            };
            runs.Add(new FakeWorkflowRun("rfp-" + i, "run-" + i, "GroupRfpToContract", "group-sales", status, Start.AddMinutes(i),
                [("InvokeAgent", """{"agentId":"QUALIFIERA","input":"qualify"}"""), ("process_payment", """{"amount":"1"}""")]));
        }

        runs.Add(new FakeWorkflowRun("nightly", "run-n", "NightlyRevenueSync", "finance", WorkflowExecutionStatus.Completed, Start, [("export_revenue", "{}")]));
        return runs;
    }

    private static async Task<ScanResult> ScanAsync(FakeTemporal fake, IDiscoveryConnector? other = null, string ns = "group-sales", int pageSize = 4, string? apiKey = null)
    {
        var settings = new TemporalSettings { Name = "temporal", Address = fake.Address, Namespace = ns, PageSize = pageSize, Tls = false, CallTimeout = TimeSpan.FromSeconds(20) };
        Assert.Empty(settings.Validate());
        var connector = new TemporalConnector(settings, name => name == "TEMPORAL_API_KEY" ? apiKey : null);
        return await new DiscoveryScan(other is null ? [connector] : [other, connector]).RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task WorkflowTypesOfEveryPageWithTheirCountsAndTaskQueuesAreFound()
    {
        await using var fake = await FakeTemporal.StartAsync("group-sales", Runs(10));
        var r = await ScanAsync(fake);
        Assert.Equal(ConnectorStatus.Ok, r.Connectors.Single().Status);
        Assert.Equal(3, fake.Calls.Count(c => c.StartsWith("ListWorkflowExecutions group-sales", StringComparison.Ordinal)));
        var workflow = r.Assets.Single(a => a.Id == "temporal:workflow:group-sales/GroupRfpToContract");
        Assert.Equal("workflow", workflow.Kind);
        Assert.Equal("temporal", workflow.Provider);
        Assert.Equal("GroupRfpToContract", workflow.Name);
        var executions = workflow.Document["executions"]!;
        Assert.Equal(10, (int)executions["total"]!);
        Assert.Equal(2, (int)executions["running"]!);
        Assert.Equal(2, (int)executions["failed"]!);
        Assert.Equal(6, (int)executions["completed"]!);
        Assert.Equal("group-sales", (string)workflow.Document["taskQueues"]![0]!);
        Assert.Equal(["InvokeAgent", "process_payment"], workflow.Document["activityTypes"]!.AsArray().Select(n => (string)n!));
        Assert.Contains(r.Assets, a => a.Id == "temporal:workflow:group-sales/NightlyRevenueSync");
        // One history per workflow type, the newest run.
        Assert.Contains(fake.Calls, c => c == "GetWorkflowExecutionHistory group-sales rfp-9");
        Assert.Equal(2, fake.Calls.Count(c => c.StartsWith("GetWorkflowExecutionHistory", StringComparison.Ordinal)));
        Assert.DoesNotContain("qualify", string.Join("", r.Assets.Select(a => a.Document.ToJsonString())), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ActivitiesThatNameAnAgentOrAFunctionBecomeOrchestratesEdges()
    {
        await using var fake = await FakeTemporal.StartAsync("group-sales", Runs(3));
        var estate = new StaticConnector("aws",
        [
            new ProviderAnswer("bedrock-agent", "list-agents", System.Text.Json.Nodes.JsonNode.Parse("""{"agentSummaries":[{"agentId":"QUALIFIERA","agentName":"rfp-qualifier","agentStatus":"PREPARED","updatedAt":"2026-12-01T00:00:00Z"}]}"""), Region: "eu-west-1"),
            new ProviderAnswer("lambda", "list-functions", System.Text.Json.Nodes.JsonNode.Parse("""{"Functions":[{"FunctionName":"process_payment","FunctionArn":"arn:aws:lambda:eu-west-1:111122223333:function:process_payment","Runtime":"python3.12","Environment":{"Variables":{"BEDROCK_MODEL_ID":"anthropic.claude-3-5-sonnet-20240620-v1:0"}}}]}"""), Region: "eu-west-1"),
        ]);
        var r = await ScanAsync(fake, estate);
        var edges = r.Edges.Where(e => e.From == "temporal:workflow:group-sales/GroupRfpToContract" && e.Type == "orchestrates").Select(e => e.To).ToList();
        Assert.Contains(edges, to => to.Contains("agent/QUALIFIERA", StringComparison.Ordinal) || to.EndsWith(":agent:QUALIFIERA", StringComparison.Ordinal));
        Assert.Contains("arn:aws:lambda:eu-west-1:111122223333:function:process_payment", edges);
        Assert.DoesNotContain(r.Edges, e => e.From == "temporal:workflow:group-sales/NightlyRevenueSync");
    }

    [Fact]
    public async Task ThrottlingIsRetriedUntilTheListingAnswers()
    {
        await using var fake = await FakeTemporal.StartAsync("group-sales", Runs(3));
        fake.ThrottleListCalls = 2;
        var r = await ScanAsync(fake);
        Assert.Equal(ConnectorStatus.Ok, r.Connectors.Single().Status);
        Assert.Equal(0, fake.ThrottleListCalls);
        Assert.Single(r.Assets, a => a.Name == "GroupRfpToContract");
    }

    [Fact]
    public async Task AHistoryReadThatIsDeniedLeavesTheListingAndIsNamed()
    {
        await using var fake = await FakeTemporal.StartAsync("group-sales", Runs(3));
        fake.DenyHistory = true;
        var r = await ScanAsync(fake);
        var health = r.Connectors.Single();
        Assert.Equal(ConnectorStatus.Partial, health.Status);
        Assert.Contains(health.FailedCalls, f => f.Operation == "temporal:GetWorkflowExecutionHistory" && f.Code == "access_denied");
        Assert.Contains(r.Assets, a => a.Name == "GroupRfpToContract");
    }

    [Fact]
    public async Task AMalformedAnswerAPageLoopAndAnUnknownNamespaceAreNamedFailures()
    {
        await using (var fake = await FakeTemporal.StartAsync("group-sales", Runs(3)))
        {
            fake.MalformedList = true;
            var r = await ScanAsync(fake);
            Assert.Equal(ConnectorStatus.Failed, r.Connectors.Single().Status);
            Assert.Contains(r.Connectors.Single().FailedCalls, f => f.Operation == "temporal:ListWorkflowExecutions" && f.Code == "malformed_answer");
        }

        await using (var fake = await FakeTemporal.StartAsync("group-sales", Runs(12)))
        {
            fake.LoopPageToken = true;
            var r = await ScanAsync(fake);
            Assert.Contains(r.Connectors.Single().FailedCalls, f => f.Code == "pagination_loop");
            Assert.Contains(r.Assets, a => a.Name == "GroupRfpToContract");
            Assert.True(fake.Calls.Count(c => c.StartsWith("ListWorkflowExecutions", StringComparison.Ordinal)) <= 3);
        }

        await using (var fake = await FakeTemporal.StartAsync("group-sales", Runs(1)))
        {
            var r = await ScanAsync(fake, ns: "no-such-namespace");
            Assert.Equal(ConnectorStatus.Failed, r.Connectors.Single().Status);
            Assert.Contains(r.Connectors.Single().FailedCalls, f => f.Code == "not_found");
        }
    }

    [Fact]
    public async Task AnUnreachableFrontendFailsOnlyItsConnector()
    {
        var settings = new TemporalSettings { Name = "temporal", Address = "127.0.0.1:1", Namespace = "default", Tls = false, CallTimeout = TimeSpan.FromSeconds(10) };
        var estate = new StaticConnector("aws", [new ProviderAnswer("bedrock", "list-guardrails", System.Text.Json.Nodes.JsonNode.Parse("""{"guardrails":[{"id":"gr1","arn":"arn:aws:bedrock:eu-west-1:111122223333:guardrail/gr1","name":"g","status":"READY","version":"DRAFT","createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z"}]}"""), Region: "eu-west-1")]);
        var r = await new DiscoveryScan([estate, new TemporalConnector(settings, _ => null)]).RunAsync(CancellationToken.None);
        var health = r.Connectors.Single(c => c.Connector == "temporal");
        Assert.Equal(ConnectorStatus.Failed, health.Status);
        Assert.Contains(health.FailedCalls, f => f.Operation == "temporal:connect");
        Assert.Contains(r.Assets, a => a.Kind == "guardrail");
    }

    [Fact]
    public async Task AnApiKeyIsSentAsABearerTokenWhenConfigured()
    {
        await using var fake = await FakeTemporal.StartAsync("group-sales", Runs(1));
        fake.RequiredApiKey = "tcldkeyfortests";
        var denied = await ScanAsync(fake);
        Assert.Contains(denied.Connectors.Single().FailedCalls, f => f.Code == "access_denied");
        // Temporal Cloud takes API keys over TLS only; the fake serves plain HTTP/2, so TLS is switched off explicitly.
        var r = await ScanAsync(fake, apiKey: "tcldkeyfortests");
        Assert.True(r.Connectors.Single().Status == ConnectorStatus.Ok, string.Join("; ", r.Connectors.Single().FailedCalls));
    }

    [Fact]
    public void SettingsAreValidated()
    {
        var bad = new TemporalSettings { Name = "", Address = "http://temporal:7233", Namespace = "", PageSize = 0, ClientCertFile = "c.pem" };
        var errors = bad.Validate();
        Assert.Contains(errors, e => e.StartsWith("address", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("namespace", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("pageSize", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("clientCertFile", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("name", StringComparison.Ordinal));
    }

    private sealed class StaticConnector(string name, IReadOnlyList<ProviderAnswer> answers) : IDiscoveryConnector
    {
        public string Name => name;

        public int Phase => 0;

        public Task<ConnectorRun> CollectAsync(IReadOnlyList<ProviderAnswer> earlierAnswers, CancellationToken cancellationToken) =>
            Task.FromResult(new ConnectorRun(answers, [], answers.Count));
    }
}
