using System.Text.Json.Nodes;
using AiSpm.Admin.Storage.Outbox;
using AiSpm.Scanner.Aws;

namespace AiSpm.Admin.Sinks;

/// <summary>
/// Security Hub's BatchImportFindings: up to 100 ASFF documents per call; a finding Security Hub refused
/// (FailedFindings) fails alone and is retried alone, the others are done.
/// </summary>
internal sealed class SecurityHubSink(SinkOptions options, AwsClient aws) : IBatchSink, ISink
{
    public static readonly AwsService Service = new("securityhub", "SECURITYHUB", "securityhub", "securityhub", AwsProtocol.RestJson, "2018-10-26", "securityhub");

    /// <summary>BatchImportFindings (securityhub:BatchImportFindings, granted in the Sinks statement).</summary>
    public static readonly AwsOperation BatchImportFindings = new(Service, "BatchImportFindings", "POST", "/findings/import");

    public int MaxBatch => 100;

    public async Task<SinkResult> SendAsync(OutboxDelivery delivery, CancellationToken cancellationToken) =>
        (await SendBatchAsync([delivery], cancellationToken))[0];

    public async Task<IReadOnlyList<SinkResult>> SendBatchAsync(IReadOnlyList<OutboxDelivery> deliveries, CancellationToken cancellationToken)
    {
        var findings = new JsonArray();
        foreach (var d in deliveries)
        {
            findings.Add(Asff.From(d, options));
        }

        var results = new SinkResult[deliveries.Count];
        JsonObject answer;
        try
        {
            answer = await aws.CallAsync(BatchImportFindings, options.Region, new JsonObject { ["Findings"] = findings }, cancellationToken);
        }
        catch (AwsCallException ex)
        {
            Array.Fill(results, SinkResult.Failed("securityhub " + ex.Code + ": " + ex.Message));
            return results;
        }

        var failed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in answer["FailedFindings"] as JsonArray ?? [])
        {
            if (f?["Id"]?.GetValue<string>() is { } id)
            {
                failed[id] = (f["ErrorCode"]?.GetValue<string>() ?? "failed") + ": " + (f["ErrorMessage"]?.GetValue<string>() ?? "");
            }
        }

        for (var i = 0; i < deliveries.Count; i++)
        {
            results[i] = failed.TryGetValue(Asff.IdOf(deliveries[i].FindingId), out var error)
                ? SinkResult.Failed("securityhub refused the finding: " + error)
                : SinkResult.Success;
        }

        return results;
    }
}
