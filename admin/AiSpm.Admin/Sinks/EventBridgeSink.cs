using System.Text;
using System.Text.Json.Nodes;
using AiSpm.Admin.Storage.Outbox;
using AiSpm.Scanner.Aws;

namespace AiSpm.Admin.Sinks;

/// <summary>
/// EventBridge PutEvents on the configured bus: source "aispm", a detail type per kind of change, the webhook body as
/// detail (its deliveryId lets a rule target drop repeats). At most 10 entries per call; a failed entry is retried alone.
/// </summary>
internal sealed class EventBridgeSink(SinkOptions options, AwsClient aws, TimeProvider time) : IBatchSink, ISink
{
    public static readonly AwsService Service = new("events", "EVENTBRIDGE", "events", "events", AwsProtocol.Json, "2015-10-07", "events", TargetPrefix: "AWSEvents");

    /// <summary>PutEvents (events:PutEvents, granted in the Sinks statement).</summary>
    public static readonly AwsOperation PutEvents = new(Service, "PutEvents");

    public const string Source = "aispm";

    /// <summary>EventBridge refuses an entry over 256 KB; stay well below it.</summary>
    private const int MaxDetailBytes = 200 * 1024;

    public int MaxBatch => 10;

    public static string DetailTypeOf(string change) => change switch
    {
        FindingChange.Created => "AiSpm Finding Created",
        FindingChange.StatusChanged => "AiSpm Finding Status Changed",
        FindingChange.SeverityRaised => "AiSpm Finding Severity Raised",
        _ => "AiSpm Finding Changed",
    };

    public async Task<SinkResult> SendAsync(OutboxDelivery delivery, CancellationToken cancellationToken) =>
        (await SendBatchAsync([delivery], cancellationToken))[0];

    public async Task<IReadOnlyList<SinkResult>> SendBatchAsync(IReadOnlyList<OutboxDelivery> deliveries, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var entries = new JsonArray();
        foreach (var d in deliveries)
        {
            entries.Add(new JsonObject
            {
                ["Source"] = Source,
                ["DetailType"] = DetailTypeOf(d.Change),
                ["Detail"] = Detail(d, now),
                ["EventBusName"] = options.EventBusName,
                ["Time"] = now.ToUnixTimeSeconds(),
            });
        }

        var results = new SinkResult[deliveries.Count];
        JsonObject answer;
        try
        {
            answer = await aws.CallAsync(PutEvents, options.Region, new JsonObject { ["Entries"] = entries }, cancellationToken);
        }
        catch (AwsCallException ex)
        {
            Array.Fill(results, SinkResult.Failed("eventbridge " + ex.Code + ": " + ex.Message));
            return results;
        }

        // Result entries line up with the request's entries; one with an ErrorCode failed.
        var answered = answer["Entries"] as JsonArray ?? [];
        for (var i = 0; i < results.Length; i++)
        {
            var entry = i < answered.Count ? answered[i] : null;
            results[i] = entry?["ErrorCode"]?.GetValue<string>() is { } code
                ? SinkResult.Failed("eventbridge refused the entry: " + code + ": " + (entry["ErrorMessage"]?.GetValue<string>() ?? ""))
                : entry?["EventId"] is not null ? SinkResult.Success : SinkResult.Failed("eventbridge returned no result for the entry");
        }

        return results;
    }

    private static string Detail(OutboxDelivery d, DateTimeOffset now)
    {
        var detail = Encoding.UTF8.GetString(SinkMessages.Webhook(d, now));
        if (Encoding.UTF8.GetByteCount(detail) > MaxDetailBytes)
        {
            // Evidence and samples are the only unbounded parts; the finding is still whole without them.
            detail = Encoding.UTF8.GetString(SinkMessages.Webhook(d with { Finding = d.Finding with { Evidence = [], SampleEventIds = [] } }, now));
        }

        return detail;
    }
}
