using System.Globalization;
using System.Text.Json.Nodes;
using AiSpm.Admin.Correlation;
using AiSpm.Admin.Integrations;
using AiSpm.Admin.Storage;
using AiSpm.Admin.Storage.Sqlite;
using AiSpm.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiSpm.Admin.Tests.Integrations;

/// <summary>
/// The GuardDuty poller against the fake AWS endpoint (SigV4 checked, requests and answers validated against botocore's
/// guardduty model): detectors listed, findings listed by update time across pages, read 50 ids at a time, AI-related
/// ones stored as findings, and a second pass over the same findings stores nothing.
/// </summary>
public sealed class GuardDutyPollerTests : IAsyncLifetime
{
    private const string GuardrailArn = "arn:aws:bedrock:us-east-1:123456789012:guardrail/abcdefghijkl";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "aispm-gd-poll-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly List<JsonObject> _listRequests = [];
    private readonly List<int> _getSizes = [];
    private FakeAws _aws = null!;

    public async Task InitializeAsync()
    {
        _aws = await FakeAws.StartAsync();
        _aws.ValidateInputs = true;
        var updated = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        // 60 findings: every third one a prompt injection against a guardrail, the others reconnaissance (not AI).
        var ids = Enumerable.Range(0, 60).Select(i => "f" + i.ToString("D2", CultureInfo.InvariantCulture)).ToList();
        _aws.On("guardduty:ListDetectors", """{"detectorIds":["d1"]}""");
        _aws.On("guardduty:ListFindings", call =>
        {
            lock (_listRequests)
            {
                _listRequests.Add((JsonObject)call.Input.DeepClone());
            }

            var page = call.Str("nextToken") is null ? ids[..40] : ids[40..];
            var answer = new JsonObject { ["findingIds"] = new JsonArray([.. page.Select(i => (JsonNode)i)]) };
            if (call.Str("nextToken") is null)
            {
                answer["nextToken"] = "page2";
            }

            return FakeAnswer.Ok(answer);
        });
        _aws.On("guardduty:GetFindings", call =>
        {
            var wanted = call.Input["findingIds"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
            lock (_getSizes)
            {
                _getSizes.Add(wanted.Count);
            }

            var findings = new JsonArray();
            foreach (var id in wanted)
            {
                var ai = int.Parse(id[1..], CultureInfo.InvariantCulture) % 3 == 0;
                var type = ai ? "Impact:IAMUser/PromptInjection.Direct" : "Recon:IAMUser/MaliciousIPCaller";
                var resource = ai
                    ? "{\"resourceType\":\"AccessKey\",\"accessKeyDetails\":{\"userName\":\"chatbot\"},\"bedrockGuardrailDetails\":{\"guardrailArn\":\"" + GuardrailArn + "\"}}"
                    : "{\"resourceType\":\"AccessKey\",\"accessKeyDetails\":{\"userName\":\"ops\"}}";
                findings.Add(JsonNode.Parse($$"""
                    {"schemaVersion":"2.0","accountId":"123456789012","region":"us-east-1","partition":"aws",
                     "arn":"arn:aws:guardduty:us-east-1:123456789012:detector/d1/finding/{{id}}","id":"{{id}}",
                     "type":"{{type}}","severity":8,"createdAt":"{{updated}}","updatedAt":"{{updated}}","title":"t {{id}}","description":"d",
                     "resource":{{resource}},
                     "service":{"serviceName":"guardduty","detectorId":"d1","count":1} }
                    """));
            }

            return FakeAnswer.Ok(new JsonObject { ["findings"] = findings });
        });
    }

    public async Task DisposeAsync()
    {
        await _aws.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task APassStoresTheAiFindingsOfEveryPageAndASecondPassStoresNothingNew()
    {
        await using var store = new SqliteAdminStore(new StoreOptions { DataDirectory = _root }, new Correlator(new CorrelationOptions()), TimeProvider.System);
        await store.InitializeAsync(CancellationToken.None);
        var settings = new GuardDutyPollSettings
        {
            Regions = ["us-east-1"],
            Lookback = TimeSpan.FromHours(1),
            Environment = new Dictionary<string, string>
            {
                ["AWS_ENDPOINT_URL_GUARDDUTY"] = _aws.Url,
                ["AWS_ACCESS_KEY_ID"] = FakeAws.AccessKey,
                ["AWS_SECRET_ACCESS_KEY"] = FakeAws.SecretKey,
            },
        };
        var poller = new GuardDutyPoller(settings, store, new Clients(), TimeProvider.System, NullLogger<GuardDutyPoller>.Instance);
        var before = DateTimeOffset.UtcNow;

        var (read, stored) = await poller.PollAsync(CancellationToken.None);

        Assert.Equal(60, read);
        Assert.Equal(20, stored);
        Assert.Equal([50, 10], _getSizes);
        var gte = _listRequests[0]["findingCriteria"]!["criterion"]!["updatedAt"]!["greaterThanOrEqual"]!.GetValue<long>();
        Assert.InRange(DateTimeOffset.FromUnixTimeMilliseconds(gte), before.AddMinutes(-62), before.AddMinutes(-60));
        var finding = Assert.Single((await store.QueryFindingsAsync(new FindingQuery { Type = "guardduty_activity", Limit = 10 }, CancellationToken.None)).Items);
        Assert.Equal(20, finding.Count);
        Assert.Contains("asset:" + GuardrailArn, finding.Tags);

        var (again, storedAgain) = await poller.PollAsync(CancellationToken.None);

        Assert.Equal(60, again);
        Assert.Equal(0, storedAgain);
        // The second pass reads from the first one's start, with a minute of overlap, not the whole look-back again.
        var second = DateTimeOffset.FromUnixTimeMilliseconds(_listRequests[2]["findingCriteria"]!["criterion"]!["updatedAt"]!["greaterThanOrEqual"]!.GetValue<long>());
        Assert.InRange(second, before.AddMinutes(-2), DateTimeOffset.UtcNow);
        Assert.Empty(_aws.ShapeErrors);
        Assert.Empty(_aws.SignatureErrors);
    }

    [Fact]
    public void BadPollSettingsNameTheKey()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["poll:regions:0"] = "mars",
            ["poll:intervalSeconds"] = "1",
        }).Build();

        var ex = Assert.Throws<InvalidOperationException>(() => GuardDutyPollSettings.From(config.GetSection("poll")));

        Assert.Contains("regions: 'mars'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("intervalSeconds", ex.Message, StringComparison.Ordinal);
    }

    private sealed class Clients : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new();
    }
}
