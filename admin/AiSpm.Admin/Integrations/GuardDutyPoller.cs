using System.Text.Json;
using System.Text.Json.Nodes;
using AiSpm.Admin.Api;
using AiSpm.Admin.Hosting;
using AiSpm.Admin.Storage;
using AiSpm.Contracts;
using AiSpm.Scanner.Aws;

namespace AiSpm.Admin.Integrations;

/// <summary>
/// Pulls GuardDuty findings: per region <c>ListDetectors</c>, per detector <c>ListFindings</c> of the findings updated
/// since the last pass (with a minute of overlap), then <c>GetFindings</c> 50 ids at a time; the answers go through the
/// same reading as the ingest endpoint. Replicas may all poll: a finding at one <c>updatedAt</c> is one event id, so a
/// second copy is a duplicate the store ignores, and no lease is needed.
/// </summary>
internal sealed class GuardDutyPoller(GuardDutyPollSettings settings, IAdminStore store, IHttpClientFactory clients, TimeProvider time, ILogger<GuardDutyPoller> logger) : BackgroundService
{
    public const string HttpClientName = "guardduty-poll";
    private const int IdsPerGetFindings = 50;

    public static readonly AwsService GuardDuty = new("guardduty", "GUARDDUTY", "guardduty", "guardduty", AwsProtocol.RestJson, "2017-11-28", "guardduty");

    public static readonly AwsOperation ListDetectors = new(GuardDuty, "ListDetectors", "GET", "/detector",
        Query: new Dictionary<string, string> { ["maxResults"] = "maxResults", ["nextToken"] = "nextToken" }, InputToken: "nextToken", OutputToken: "nextToken", ResultKey: "detectorIds");

    // rest-json body members travel under their locationName (findingCriteria, maxResults, nextToken, findingIds).
    public static readonly AwsOperation ListFindings = new(GuardDuty, "ListFindings", "POST", "/detector/{DetectorId}/findings",
        InputToken: "nextToken", OutputToken: "nextToken", ResultKey: "findingIds");

    public static readonly AwsOperation GetFindings = new(GuardDuty, "GetFindings", "POST", "/detector/{DetectorId}/findings/get");

    private DateTimeOffset? _since;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(settings.Interval);
        do
        {
            try
            {
                await PollAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                IntegrationsLog.GuardDutyPollFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One pass over every configured region; returns how many findings were read and how many were stored.</summary>
    public async Task<(int Read, int Stored)> PollAsync(CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var since = (_since ?? started - settings.Lookback) - TimeSpan.FromMinutes(1);
        var aws = Client();
        var read = 0;
        var stored = 0;
        foreach (var region in settings.Regions)
        {
            var detectors = await aws.CallAsync(ListDetectors, region, new JsonObject { ["maxResults"] = "50" }, cancellationToken);
            foreach (var detector in detectors["detectorIds"]?.AsArray() ?? [])
            {
                var detectorId = detector!.GetValue<string>();
                var list = await aws.CallAsync(ListFindings, region, new JsonObject
                {
                    ["DetectorId"] = detectorId,
                    ["maxResults"] = IdsPerGetFindings,
                    ["findingCriteria"] = new JsonObject
                    {
                        ["criterion"] = new JsonObject { ["updatedAt"] = new JsonObject { ["greaterThanOrEqual"] = since.ToUnixTimeMilliseconds() } },
                    },
                }, cancellationToken);
                var ids = list["findingIds"]?.AsArray() ?? [];
                for (var i = 0; i < ids.Count; i += IdsPerGetFindings)
                {
                    var chunk = new JsonArray();
                    for (var j = i; j < ids.Count && j < i + IdsPerGetFindings; j++)
                    {
                        chunk.Add(ids[j]!.DeepClone());
                    }

                    var answer = await aws.CallAsync(GetFindings, region, new JsonObject { ["DetectorId"] = detectorId, ["findingIds"] = chunk }, cancellationToken);
                    var (n, s) = await IngestAsync(answer, region, detectorId, cancellationToken);
                    read += n;
                    stored += s;
                }
            }
        }

        _since = started;
        IntegrationsLog.GuardDutyPolled(logger, read, stored);
        return (read, stored);
    }

    private async Task<(int Read, int Stored)> IngestAsync(JsonObject answer, string region, string detectorId, CancellationToken cancellationToken)
    {
        using var doc = JsonDocument.Parse(answer.ToJsonString());
        var errors = new RequestErrors();
        var findings = GuardDutyFindings.Read(doc.RootElement, errors);
        if (errors.Any)
        {
            // One malformed answer costs that detector's pass, named in the log; the others go on.
            IntegrationsLog.GuardDutyAnswerRejected(logger, region, detectorId, errors.First.Field + " " + errors.First.Message);
            return (0, 0);
        }

        var events = new List<DetectionEvent>(findings.Count);
        foreach (var (finding, _) in findings)
        {
            if (GuardDutyFindings.IsAiRelated(finding))
            {
                events.Add(GuardDutyFindings.ToEvent(finding));
            }
        }

        return events.Count == 0 ? (findings.Count, 0) : (findings.Count, (await store.IngestAsync(events, cancellationToken)).Stored);
    }

    private AwsClient Client()
    {
        var environment = ScopedEnvironment.Over(settings.Environment);
        return new AwsClient(clients.CreateClient(HttpClientName), AwsCredentialsResolver.Resolve(environment), endpoints: new AwsEndpoints(environment), time: time);
    }
}
