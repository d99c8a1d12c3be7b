using System.Collections.Concurrent;
using System.Text.Json;
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

/// <summary>EventBridge PutEvents and SNS Publish against the fake AWS endpoint (model routing, SigV4, input shapes).</summary>
public sealed class EventBridgeAndSnsSinkTests : IAsyncLifetime
{
    private readonly Correlator _correlator = new(new CorrelationOptions());
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "aispm-eb-" + Guid.NewGuid().ToString("N")[..12]);
    private FakeAws _aws = null!;

    private static SinkOptions Bus { get; } = new()
    {
        Name = "bus",
        Type = SinkOptions.EventBridge,
        Url = new Uri("http://unused"),
        Region = "us-west-2",
        EventBusName = "security",
        BackoffBase = TimeSpan.FromMilliseconds(20),
        BackoffMax = TimeSpan.FromMilliseconds(100),
        RatePerSecond = 1000,
    };

    private static SinkOptions Topic { get; } = new()
    {
        Name = "topic",
        Type = SinkOptions.Sns,
        Url = new Uri("http://unused"),
        Region = "us-west-2",
        TopicArn = "arn:aws:sns:us-west-2:123456789012:aispm-findings",
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

    private AwsClient Aws() => new(
        new HttpClient(),
        new Amazon.Runtime.BasicAWSCredentials(FakeAws.AccessKey, FakeAws.SecretKey),
        new AwsClientOptions { BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero },
        new AwsEndpoints(name => name is "AWS_ENDPOINT_URL_EVENTBRIDGE" or "AWS_ENDPOINT_URL_SNS" ? _aws.Url : null));

    [Fact]
    public async Task EventBridgeGetsAtMostTenEntriesPerCallAndAFailedEntryIsRetriedAlone()
    {
        var calls = new ConcurrentQueue<JsonArray>();
        var refused = 0;
        _aws.On("events:PutEvents", call =>
        {
            var entries = (JsonArray)call.Input["Entries"]!.DeepClone();
            calls.Enqueue(entries);
            var results = new JsonArray();
            for (var i = 0; i < entries.Count; i++)
            {
                // The third entry of the first call is refused once (an internal failure for that entry only).
                results.Add(calls.Count == 1 && i == 2 && Interlocked.Exchange(ref refused, 1) == 0
                    ? new JsonObject { ["ErrorCode"] = "InternalFailure", ["ErrorMessage"] = "try again" }
                    : new JsonObject { ["EventId"] = Guid.NewGuid().ToString() });
            }

            return FakeAnswer.Ok(new JsonObject { ["FailedEntryCount"] = refused == 1 && calls.Count == 1 ? 1 : 0, ["Entries"] = results });
        });
        var settings = new SinksSettings { Sinks = [Bus], PollInterval = TimeSpan.FromMilliseconds(20) };
        await using var store = new SqliteAdminStore(new StoreOptions { DataDirectory = _dir }, _correlator, TimeProvider.System) { Sinks = new SinkRouter(settings) };
        await store.InitializeAsync(CancellationToken.None);
        await store.IngestAsync([.. Enumerable.Range(0, 23).Select(i => Events.Make(1, key: "eb-" + i))], CancellationToken.None);

        var worker = new SinkWorker(settings, store, new NoHttp(), TimeProvider.System, NullLogger<SinkWorker>.Instance);
        using var stop = new CancellationTokenSource();
        var run = worker.RunAsync(Bus, new EventBridgeSink(Bus, Aws(), TimeProvider.System), stop.Token);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await store.GetStatsAsync("bus", CancellationToken.None)).Backlog > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await stop.CancelAsync();
        await run;

        Assert.Empty(_aws.ShapeErrors);
        Assert.Empty(_aws.SignatureErrors);
        var all = calls.ToList();
        Assert.All(all, c => Assert.InRange(c.Count, 1, 10));
        var details = all.SelectMany(c => c).Select(e => JsonDocument.Parse(e!["Detail"]!.GetValue<string>()).RootElement.GetProperty("deliveryId").GetString()).ToList();
        Assert.Equal(24, details.Count);
        Assert.Equal(23, details.Distinct().Count());
        var first = all[0][0]!;
        Assert.Equal("aispm", first["Source"]!.GetValue<string>());
        Assert.Equal("AiSpm Finding Created", first["DetailType"]!.GetValue<string>());
        Assert.Equal("security", first["EventBusName"]!.GetValue<string>());
        Assert.Equal(0, (await store.GetStatsAsync("bus", CancellationToken.None)).Backlog);
    }

    [Fact]
    public async Task SnsPublishHasAShortSubjectAndFilterableAttributes()
    {
        FakeCall? got = null;
        _aws.On("sns:Publish", call =>
        {
            got = call;
            return FakeAnswer.Ok(new JsonObject { ["MessageId"] = "m-1" });
        });
        var finding = _correlator.Apply(null, Events.Make(1, key: "sns", category: "secret", severity: "critical")) with
        {
            Title = new string('x', 150) + "\nline",
        };
        var d = OutboxDelivery.For("topic", FindingChange.Created, finding, DateTimeOffset.UtcNow);

        var result = await new SnsSink(Topic, Aws(), TimeProvider.System).SendAsync(d, CancellationToken.None);

        Assert.True(result.Ok, result.Error);
        Assert.Empty(_aws.ShapeErrors);
        Assert.Empty(_aws.SignatureErrors);
        Assert.NotNull(got);
        Assert.Equal(Topic.TopicArn, got.Str("TopicArn"));
        var subject = got.Str("Subject")!;
        Assert.True(subject.Length <= 100);
        Assert.StartsWith("[AiSpm CRITICAL] xxx", subject, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', subject);
        Assert.Equal(d.Id, JsonDocument.Parse(got.Str("Message")!).RootElement.GetProperty("deliveryId").GetString());
        var attributes = got.Input["MessageAttributes"]!.AsObject();
        Assert.Equal("critical", attributes["severity"]!["StringValue"]!.GetValue<string>());
        Assert.Equal("secret", attributes["category"]!["StringValue"]!.GetValue<string>());
        Assert.Equal("String", attributes["change"]!["DataType"]!.GetValue<string>());
        Assert.Equal(d.Id, attributes["deliveryId"]!["StringValue"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnSnsErrorIsAFailedAttemptNamingTheCode()
    {
        _aws.On("sns:Publish", _ => FakeAnswer.Error(403, "AuthorizationError", "not allowed"));
        var d = OutboxDelivery.For("topic", FindingChange.Created, _correlator.Apply(null, Events.Make(1)), DateTimeOffset.UtcNow);
        var result = await new SnsSink(Topic, Aws(), TimeProvider.System).SendAsync(d, CancellationToken.None);
        Assert.False(result.Ok);
        Assert.Contains("access_denied", result.Error, StringComparison.Ordinal);
    }

    private sealed class NoHttp : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => throw new InvalidOperationException("not used");
    }
}
