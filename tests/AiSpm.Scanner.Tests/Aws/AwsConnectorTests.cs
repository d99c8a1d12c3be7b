using System.Text.Json.Nodes;
using AiSpm.Fakes;
using AiSpm.Scanner.Aws;
using AiSpm.Scanner.Connectors;
using AiSpm.Scanner.Mapping;
using AiSpm.Scanner.Offline;
using Amazon.Runtime;

namespace AiSpm.Scanner.Tests.Aws;

public sealed class AwsConnectorTests : IAsyncLifetime
{
    private static readonly string[] AllButIam = ["bedrock", "bedrock-agent", "bedrock-agentcore-control", "sagemaker", "lambda", "xray"];
    private static readonly string Acct = FakeEstate.Account;

    private FakeAws _fake = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeAws.StartAsync();
        FakeEstate.Configure(_fake);
        _http = new HttpClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _fake.DisposeAsync();
    }

    private AwsClient Client(string secret = FakeAws.SecretKey, int concurrency = 4) => new(
        _http,
        new BasicAWSCredentials(FakeAws.AccessKey, secret),
        new AwsClientOptions { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5), MaxConcurrencyPerService = concurrency },
        new AwsEndpoints(name => name == "AWS_ENDPOINT_URL" ? _fake.Url : null));

    private Task<ScanResult> ScanAsync(AwsClient? client = null)
    {
        client ??= Client();
        var connectors = new IDiscoveryConnector[]
        {
            new AwsConnector(new AwsConnectorSettings { Name = "aws", Services = AllButIam, Regions = [FakeEstate.Region] }, client),
            new AwsConnector(new AwsConnectorSettings { Name = "aws-iam", Services = ["iam"], Regions = [FakeEstate.Region] }, client),
        };
        return new DiscoveryScan(connectors).RunAsync(CancellationToken.None);
    }

    private static bool Edge(ScanResult r, string from, string type, string to) => r.Edges.Contains(new AiSpm.Scanner.Model.Edge(from, to, type));

    [Fact]
    public async Task EveryServiceIsReadSignedAndMappedWithAnswersTheModelsAccept()
    {
        var r = await ScanAsync();
        Assert.Empty(_fake.SignatureErrors);
        Assert.Empty(_fake.ShapeErrors);
        Assert.All(r.Connectors, c => Assert.True(c.Status == ConnectorStatus.Ok, c.Connector + ": " + string.Join("; ", c.FailedCalls)));

        var ag1 = "arn:aws:bedrock:us-east-1:" + Acct + ":agent/AG1";
        var ag2 = "arn:aws:bedrock:us-east-1:" + Acct + ":agent/AG2";
        Assert.True(Edge(r, ag1, "has_guardrail", "arn:aws:bedrock:us-east-1:" + Acct + ":guardrail/g1"));
        Assert.True(Edge(r, ag1, "reads_knowledge_base", "arn:aws:bedrock:us-east-1:" + Acct + ":knowledge-base/KB1"));
        Assert.True(Edge(r, ag2, "has_action_group", "aws:action_group:AG2/PAY"));
        Assert.True(Edge(r, "aws:action_group:AG2/PAY", "calls", "arn:aws:lambda:us-east-1:" + Acct + ":function:take-deposit"));
        Assert.True(Edge(r, ag1, "assumes_role", "arn:aws:iam::" + Acct + ":role/agent-AG1"));
        Assert.True(Edge(r, "arn:aws:bedrock-agentcore:us-east-1:" + Acct + ":gateway/gw-1", "has_action_group", "aws:action_group:gateway/gw-1/T1"));
        Assert.True(Edge(r, "arn:aws:sagemaker:us-east-1:" + Acct + ":endpoint/forecast", "uses_model", "arn:aws:sagemaker:us-east-1:" + Acct + ":model/forecast-model"));
        Assert.Contains(r.Assets, a => a.Kind == "service" && a.Name == "bedrock-runtime");

        // Both versions of the guardrail were read; the draft is the top level.
        var guardrail = r.Assets.Single(a => a.Kind == "guardrail");
        Assert.Equal(["1", "DRAFT"], guardrail.Document["versions"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(1, _fake.CallCount("bedrock:GetGuardrail") - 1);

        // IAM answers arrive as XML with URL-encoded policies and are resolved to statements.
        var role = r.Assets.Single(a => a.Id == "arn:aws:iam::" + Acct + ":role/agent-AG1");
        Assert.Contains(role.Document["Statements"]!.AsArray(), s => s!["Action"]!.GetValue<string>() == "bedrock:Retrieve");
        Assert.Equal("bedrock.amazonaws.com", role.Document["AssumeRolePolicyDocument"]!["Statement"]![0]!["Principal"]!["Service"]!.GetValue<string>());

        // Functions: the executor and the gateway target, and the one whose role may invoke models; not the thumbnailer.
        var functions = r.Assets.Where(a => a.Kind == "function").Select(a => a.Name).Order(StringComparer.Ordinal);
        Assert.Equal(["caller", "crm", "take-deposit"], functions);
        Assert.DoesNotContain("sk_live_secret", string.Join("", r.Assets.Select(a => a.Document.ToJsonString())), StringComparison.Ordinal);
        Assert.DoesNotContain("live-token-123", string.Join("", r.Assets.Select(a => a.Document.ToJsonString())), StringComparison.Ordinal);

        // The asset functions' tags are read (ListTags, never GetFunction and its code link); the owner comes from them.
        var deposit = r.Assets.Single(a => a.Kind == "function" && a.Name == "take-deposit");
        Assert.Equal("payments", deposit.Tags["team"]);
        Assert.Equal("payments", deposit.Owner);
        // Two: "caller" is an asset only through its role, which another connector (aws-iam) reads.
        Assert.Equal(2, _fake.CallCount("lambda:ListTags"));
        Assert.Equal(0, _fake.CallCount("lambda:GetFunction"));

        // Sampled trace summaries count traces and faults per service, beside the service graph's baseline.
        var api = r.Assets.Single(a => a.Kind == "service" && a.Name == "api");
        Assert.Equal(2, api.Document["traceSummary"]!["traces"]!.GetValue<int>());
        Assert.Equal(1, api.Document["traceSummary"]!["faults"]!.GetValue<int>());
        Assert.NotNull(api.Document["baseline"]);
        Assert.Single(r.Assets, a => a.Kind == "service" && a.Name == "api");
    }

    [Fact]
    public async Task PagesAreFollowedToTheEnd()
    {
        var r = await ScanAsync();
        Assert.Equal(2, _fake.CallCount("bedrock-agent:ListAgents"));
        Assert.Equal(2, _fake.CallCount("lambda:ListFunctions"));
        Assert.Equal(2, r.Assets.Count(a => a.Kind == "agent"));
    }

    [Fact]
    public async Task ThrottlingIsRetriedUntilItSucceeds()
    {
        var attempts = 0;
        _fake.On("bedrock-agent:ListKnowledgeBases", _ => Interlocked.Increment(ref attempts) <= 2
            ? FakeAnswer.Error(429, "ThrottlingException", "Rate exceeded")
            : FakeAnswer.Ok("""{"knowledgeBaseSummaries":[{"knowledgeBaseId":"KB1","name":"menus","status":"ACTIVE","updatedAt":1740823200}]}"""));
        var r = await ScanAsync();
        Assert.Equal(3, attempts);
        Assert.Equal(ConnectorStatus.Ok, r.Connectors.Single(c => c.Connector == "aws").Status);
        Assert.Contains(r.Assets, a => a.Kind == "knowledge_base" && a.Name == "menus");
    }

    [Fact]
    public async Task AccessDeniedOnOneOperationIsPartialAndKeepsTheRest()
    {
        _fake.On("bedrock-agent:ListAgentActionGroups", _ => FakeAnswer.Error(403, "AccessDeniedException", "not authorized to perform bedrock:ListAgentActionGroups"));
        var r = await ScanAsync();
        var aws = r.Connectors.Single(c => c.Connector == "aws");
        Assert.Equal(ConnectorStatus.Partial, aws.Status);
        Assert.Contains(aws.FailedCalls, f => f.Operation == "bedrock-agent:ListAgentActionGroups" && f.Code == "access_denied");
        Assert.Equal(2, r.Assets.Count(a => a.Kind == "agent"));
        Assert.DoesNotContain(r.Assets, a => a.Kind == "action_group" && a.Id.StartsWith("aws:action_group:AG", StringComparison.Ordinal));
        Assert.Contains(r.Assets, a => a.Kind == "mcp_gateway");
    }

    [Fact]
    public async Task MalformedAnswersAreNamedErrors()
    {
        _fake.On("bedrock-agent:GetKnowledgeBase", _ => FakeAnswer.Text(200, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>"));
        _fake.On("bedrock-agent:ListDataSources", _ => FakeAnswer.Text(200, "application/json", """{"dataSourceSummaries":[{"knowledgeBaseId":"KB1","dataSo"""));
        var r = await ScanAsync();
        var failed = r.Connectors.Single(c => c.Connector == "aws").FailedCalls;
        Assert.Contains(failed, f => f.Operation == "bedrock-agent:GetKnowledgeBase" && f.Code == "malformed_answer" && f.Message.Contains("HTML", StringComparison.Ordinal));
        Assert.Contains(failed, f => f.Operation == "bedrock-agent:ListDataSources" && f.Code == "malformed_answer");
        Assert.Contains(r.Assets, a => a.Kind == "knowledge_base");
    }

    [Fact]
    public async Task APaginationLoopStopsWithANamedError()
    {
        _fake.On("bedrock-agent:ListKnowledgeBases", _ => FakeAnswer.Ok("""{"knowledgeBaseSummaries":[],"nextToken":"again"}"""));
        var r = await ScanAsync();
        Assert.Contains(r.Connectors.Single(c => c.Connector == "aws").FailedCalls, f => f.Operation == "bedrock-agent:ListKnowledgeBases" && f.Code == "pagination_loop");
        Assert.Equal(2, _fake.CallCount("bedrock-agent:ListKnowledgeBases"));
    }

    [Fact]
    public async Task AWrongSecretIsRefusedByTheFakesSignatureCheck()
    {
        var r = await ScanAsync(Client(secret: "not-the-secret"));
        Assert.NotEmpty(_fake.SignatureErrors);
        var aws = r.Connectors.Single(c => c.Connector == "aws");
        Assert.Equal(ConnectorStatus.Failed, aws.Status);
        Assert.Contains(aws.FailedCalls, f => f.Code == "access_denied");
        Assert.Empty(r.Assets);
    }

    [Fact]
    public async Task CallsPerServiceStayWithinTheLimit()
    {
        _fake.Latency = TimeSpan.FromMilliseconds(20);
        await ScanAsync(Client(concurrency: 1));
        Assert.All(_fake.MaxInFlight, p => Assert.True(p.Value <= 1, p.Key + " had " + p.Value + " calls in flight"));
    }

    [Fact]
    public async Task TheOfflineScanOfTheSameAnswersGivesTheSameAssetsAndEdges()
    {
        var client = Client();
        var main = new AwsConnector(new AwsConnectorSettings { Name = "offline", Services = AllButIam, Regions = [FakeEstate.Region] }, client);
        var iam = new AwsConnector(new AwsConnectorSettings { Name = "offline", Services = ["iam"], Regions = [FakeEstate.Region] }, client);
        var first = await main.CollectAsync([], CancellationToken.None);
        var second = await iam.CollectAsync(first.Answers, CancellationToken.None);
        var answers = first.Answers.Concat(second.Answers).ToList();
        var live = EstateMapper.Map(answers, "offline", DateTimeOffset.UnixEpoch);

        // Write each answer as the AWS CLI would have printed it, named as an export would name it.
        var dir = Directory.CreateTempSubdirectory("aispm-scan-").FullName;
        try
        {
            var n = 0;
            foreach (var a in answers)
            {
                var name = a.Service + "." + a.Operation + "." + (a.Hint ?? "all").Replace('/', '_').Replace(':', '_') + "." + n++ + (a.Region is null ? "" : "." + a.Region) + ".json";
                await File.WriteAllTextAsync(Path.Combine(dir, name), a.Body!.ToJsonString());
            }

            var (read, errors) = OfflineExport.Read(dir);
            Assert.Empty(errors);
            var offline = EstateMapper.Map(read, "offline", DateTimeOffset.UnixEpoch);
            Assert.Equal(live.Assets.Select(a => a.Id), offline.Assets.Select(a => a.Id));
            Assert.Equal(live.Edges, offline.Edges);
            for (var i = 0; i < live.Assets.Count; i++)
            {
                Assert.True(live.Assets[i].Document.ToJsonString() == offline.Assets[i].Document.ToJsonString(),
                    live.Assets[i].Id + "\nlive:    " + live.Assets[i].Document.ToJsonString() + "\noffline: " + offline.Assets[i].Document.ToJsonString());
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
