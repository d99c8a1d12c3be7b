using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using AiSpm.Admin.Correlation;
using AiSpm.Admin.Sinks;
using AiSpm.Admin.Storage;
using AiSpm.Admin.Storage.Outbox;
using AiSpm.Admin.Storage.Sqlite;
using AiSpm.Admin.Tests.Support;
using AiSpm.Fakes;
using AiSpm.Scanner.Aws;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiSpm.Admin.Tests.Sinks;

/// <summary>
/// The Security Hub sink against the scanner's fake AWS endpoint, which routes by the botocore model, recomputes the
/// SigV4 signature and validates each request against the securityhub input shapes (AwsSecurityFinding included).
/// </summary>
public sealed class SecurityHubSinkTests : IAsyncLifetime
{
    private static readonly string[] Required = ["SchemaVersion", "Id", "ProductArn", "GeneratorId", "AwsAccountId", "Types", "CreatedAt", "UpdatedAt", "Severity", "Title", "Description", "Resources"];

    private readonly Correlator _correlator = new(new CorrelationOptions());
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "aispm-sh-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly ConcurrentQueue<JsonArray> _imports = new();
    private FakeAws _aws = null!;

    private static SinkOptions Options { get; } = new()
    {
        Name = "hub",
        Type = SinkOptions.SecurityHub,
        Url = new Uri("http://unused"),
        Region = "eu-west-1",
        AccountId = "123456789012",
        BackoffBase = TimeSpan.FromMilliseconds(20),
        BackoffMax = TimeSpan.FromMilliseconds(100),
        RatePerSecond = 1000,
    };

    public async Task InitializeAsync()
    {
        _aws = await FakeAws.StartAsync();
        _aws.ValidateInputs = true;
    }

    public async Task DisposeAsync()
    {
        await _aws.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private AwsClient Client() => new(
        new HttpClient(),
        new Amazon.Runtime.BasicAWSCredentials(FakeAws.AccessKey, FakeAws.SecretKey),
        new AwsClientOptions { BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero, MaxAttempts = 1 },
        new AwsEndpoints(name => name == "AWS_ENDPOINT_URL_SECURITYHUB" ? _aws.Url : null));

    private SecurityHubSink Sink()
    {
        var client = new AwsClient(
            new HttpClient(),
            new Amazon.Runtime.BasicAWSCredentials(FakeAws.AccessKey, FakeAws.SecretKey),
            new AwsClientOptions { BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero },
            new AwsEndpoints(name => name == "AWS_ENDPOINT_URL_SECURITYHUB" ? _aws.Url : null));
        return new SecurityHubSink(Options, client);
    }

    /// <summary>Answers BatchImportFindings, refusing the ids <paramref name="refuse"/> says (once each unless told otherwise).</summary>
    private void Answer(Func<string, bool>? refuse = null) => _aws.On("securityhub:BatchImportFindings", call =>
    {
        var findings = (JsonArray)call.Input["Findings"]!.DeepClone();
        _imports.Enqueue(findings);
        var failed = new JsonArray();
        foreach (var f in findings)
        {
            var id = f!["Id"]!.GetValue<string>();
            if (refuse?.Invoke(id) == true)
            {
                failed.Add(new JsonObject { ["Id"] = id, ["ErrorCode"] = "InvalidInput", ["ErrorMessage"] = "refused by the test" });
            }
        }

        return FakeAnswer.Ok(new JsonObject { ["FailedCount"] = failed.Count, ["SuccessCount"] = findings.Count - failed.Count, ["FailedFindings"] = failed });
    });

    private OutboxDelivery Delivery(FindingRecord f, string change, DateTimeOffset at) => OutboxDelivery.For("hub", change, f, at);

    [Fact]
    public async Task FindingsGoOutAsAsffThatMatchesTheAwsSecurityFindingShapeWithEveryRequiredAttribute()
    {
        Answer();
        var runtime = _correlator.Apply(null, Events.Make(1, key: "asff", category: "prompt_injection", severity: "critical"));
        var posture = runtime with { Id = "f_posture", Type = "posture_guardrail_missing", Category = "posture", Status = FindingStatus.Resolved, Severity = "medium" };
        var results = await Sink().SendBatchAsync([Delivery(runtime, FindingChange.Created, DateTimeOffset.UtcNow), Delivery(posture, FindingChange.StatusChanged, DateTimeOffset.UtcNow)], CancellationToken.None);

        Assert.All(results, r => Assert.True(r.Ok, r.Error));
        Assert.Empty(_aws.SignatureErrors);
        Assert.Empty(_aws.ShapeErrors);
        var sent = Assert.Single(_imports);
        var a = sent[0]!.AsObject();
        foreach (var name in Required)
        {
            Assert.True(a.ContainsKey(name), "missing " + name);
        }

        Assert.Equal("2018-10-08", a["SchemaVersion"]!.GetValue<string>());
        Assert.Equal("aispm/" + runtime.Id, a["Id"]!.GetValue<string>());
        Assert.Equal("arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default", a["ProductArn"]!.GetValue<string>());
        Assert.Equal("123456789012", a["AwsAccountId"]!.GetValue<string>());
        Assert.Equal("TTPs/Initial Access/LLM Prompt Injection", a["Types"]![0]!.GetValue<string>());
        Assert.Equal("CRITICAL", a["Severity"]!["Label"]!.GetValue<string>());
        Assert.Equal("NEW", a["Workflow"]!["Status"]!.GetValue<string>());
        Assert.Equal("ACTIVE", a["RecordState"]!.GetValue<string>());
        Assert.False(a.ContainsKey("Compliance"));
        Assert.Equal(runtime.Remediation, a["Remediation"]!["Recommendation"]!["Text"]!.GetValue<string>());
        Assert.Equal("jb.dan", a["ProductFields"]!["aispm/ruleIds"]!.GetValue<string>());
        Assert.Equal("owasp-llm:LLM01", a["ProductFields"]!["aispm/frameworkTags"]!.GetValue<string>());

        var p = sent[1]!.AsObject();
        Assert.Equal("PASSED", p["Compliance"]!["Status"]!.GetValue<string>());
        Assert.Equal("RESOLVED", p["Workflow"]!["Status"]!.GetValue<string>());
        Assert.Equal("ARCHIVED", p["RecordState"]!.GetValue<string>());
        Assert.StartsWith("Software and Configuration Checks/", p["Types"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheShapeCheckNoticesAMissingRequiredAttributeAndABadEnum()
    {
        var doc = Asff.From(Delivery(_correlator.Apply(null, Events.Make(1)), FindingChange.Created, DateTimeOffset.UtcNow), Options);
        doc.Remove("GeneratorId");
        doc["RecordState"] = "GONE";
        var errors = ShapeValidator.ValidateInput("securityhub", "BatchImportFindings", new JsonObject { ["Findings"] = new JsonArray(doc) });
        Assert.Contains(errors, e => e.Contains("required member GeneratorId missing", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'GONE' is not one of RecordState", StringComparison.Ordinal));
        var tooMany = new JsonArray([.. Enumerable.Range(0, 101).Select(_ => (JsonNode)Asff.From(Delivery(_correlator.Apply(null, Events.Make(1)), FindingChange.Created, DateTimeOffset.UtcNow), Options))]);
        Assert.Contains(ShapeValidator.ValidateInput("securityhub", "BatchImportFindings", new JsonObject { ["Findings"] = tooMany }), e => e.Contains("101 items", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EveryChangeOfAFindingKeepsItsOneIdAndMovesUpdatedAtForward()
    {
        Answer();
        var f = _correlator.Apply(null, Events.Make(1, key: "stable"));
        var t = DateTimeOffset.UtcNow;
        await Sink().SendBatchAsync([Delivery(f, FindingChange.Created, t)], CancellationToken.None);
        var acked = f with { Status = FindingStatus.Acknowledged, Revision = 2 };
        await Sink().SendBatchAsync([Delivery(acked, FindingChange.StatusChanged, t.AddSeconds(5))], CancellationToken.None);

        var docs = _imports.Select(b => b[0]!).ToList();
        Assert.Equal(docs[0]["Id"]!.GetValue<string>(), docs[1]["Id"]!.GetValue<string>());
        Assert.True(string.CompareOrdinal(docs[1]["UpdatedAt"]!.GetValue<string>(), docs[0]["UpdatedAt"]!.GetValue<string>()) > 0);
        Assert.Equal(docs[0]["CreatedAt"]!.GetValue<string>(), docs[1]["CreatedAt"]!.GetValue<string>());
        Assert.Equal("NOTIFIED", docs[1]["Workflow"]!["Status"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheWorkerSendsBatchesOfAtMostAHundredAndRetriesOnlyTheRefusedFinding()
    {
        var refusedOnce = new ConcurrentDictionary<string, bool>();
        string? victim = null;
        Answer(id => id == victim && refusedOnce.TryAdd(id, true));
        var settings = new SinksSettings { Sinks = [Options], PollInterval = TimeSpan.FromMilliseconds(20) };
        await using var store = new SqliteAdminStore(new StoreOptions { DataDirectory = _dir }, _correlator, TimeProvider.System) { Sinks = new SinkRouter(settings) };
        await store.InitializeAsync(CancellationToken.None);
        var events = Enumerable.Range(0, 150).Select(i => Events.Make(1, key: "batch-" + i)).ToArray();
        victim = "aispm/" + _correlator.FindingIdFor(events[7]);
        await store.IngestAsync(events, CancellationToken.None);

        var worker = new SinkWorker(settings, store, new NoHttp(), TimeProvider.System, NullLogger<SinkWorker>.Instance);
        using var stop = new CancellationTokenSource();
        var run = worker.RunAsync(Options, Sink(), stop.Token);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await store.GetStatsAsync("hub", CancellationToken.None)).Backlog > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await stop.CancelAsync();
        await run;

        var batches = _imports.ToList();
        Assert.Empty(_aws.ShapeErrors);
        Assert.Empty(_aws.SignatureErrors);
        Assert.All(batches, b => Assert.InRange(b.Count, 1, 100));
        Assert.Equal(100, batches[0].Count);
        var ids = batches.SelectMany(b => b.Select(f => f!["Id"]!.GetValue<string>())).ToList();
        Assert.Equal(151, ids.Count);
        Assert.Equal(150, ids.Distinct().Count());
        // Only the refused finding was sent again; the others of its batch were done.
        Assert.Equal([victim!], ids.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => g.Key));
        var stats = await store.GetStatsAsync("hub", CancellationToken.None);
        Assert.Equal((0L, 0L), (stats.Backlog, stats.DeadLetters));
    }

    [Fact]
    public async Task TheDemoEstatesFakeSecurityHubKeepsTheLatestOfEachFindingAndGetFindingsFiltersThem()
    {
        var hub = FakeSecurityHub.Attach(_aws);
        var first = _correlator.Apply(null, Events.Make(1, key: "hubread", category: "prompt_injection", severity: "high"));
        var later = first with { Count = 3, Revision = first.Revision + 1 };
        var other = _correlator.Apply(null, Events.Make(2, key: "hubother", category: "jailbreak", severity: "medium"));
        var sink = Sink();
        Assert.All(await sink.SendBatchAsync([Delivery(first, FindingChange.Created, DateTimeOffset.UtcNow), Delivery(other, FindingChange.Created, DateTimeOffset.UtcNow)], CancellationToken.None), r => Assert.True(r.Ok, r.Error));
        Assert.True((await sink.SendAsync(Delivery(later, FindingChange.Created, DateTimeOffset.UtcNow), CancellationToken.None)).Ok);

        Assert.Empty(_aws.ShapeErrors);
        Assert.Equal(2, hub.Findings.Count);
        var read = await Client().CallAsync(GetFindings, "eu-west-1", JsonNode.Parse("""
            {"Filters":{"ResourceId":[{"Value":"key:hubread","Comparison":"EQUALS"}],"GeneratorId":[{"Value":"aispm/","Comparison":"PREFIX"}]}}
            """)!.AsObject(), CancellationToken.None);
        var found = Assert.Single(read["Findings"]!.AsArray());
        Assert.Equal("aispm/" + first.Id, found!["Id"]!.GetValue<string>());
        Assert.Equal("3", found["ProductFields"]!["aispm/count"]!.GetValue<string>());

        // A finding Security Hub would refuse (no Title) is refused whole, as BatchImportFindings does for a bad request.
        var bad = Asff.From(Delivery(other, FindingChange.Created, DateTimeOffset.UtcNow), Options);
        bad.Remove("Title");
        var refused = await Assert.ThrowsAsync<AwsCallException>(() => Client().CallAsync(SecurityHubSink.BatchImportFindings, "eu-west-1", new JsonObject { ["Findings"] = new JsonArray(bad) }, CancellationToken.None));
        Assert.Equal("client_error", refused.Code);
        Assert.Contains("HTTP 400 InvalidInputException", refused.Message, StringComparison.Ordinal);
    }

    private static readonly AwsOperation GetFindings = new(SecurityHubSink.Service, "GetFindings", "POST", "/findings");

    private sealed class NoHttp : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => throw new InvalidOperationException("not used");
    }
}
