using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using AiSpm.Admin.Storage.Outbox;
using AiSpm.Scanner.Aws;

namespace AiSpm.Admin.Sinks;

/// <summary>
/// SNS Publish to the configured topic, one message per change: a subject within SNS's 100 characters, the webhook
/// body as the message, and severity, category, change and delivery id as message attributes so subscriptions can
/// filter without parsing the body.
/// </summary>
internal sealed class SnsSink(SinkOptions options, AwsClient aws, TimeProvider time) : ISink
{
    public static readonly AwsService Service = new("sns", "SNS", "sns", "sns", AwsProtocol.Query, "2010-03-31", "sns");

    /// <summary>Publish (sns:Publish, granted in the Sinks statement).</summary>
    public static readonly AwsOperation Publish = new(Service, "Publish");

    public const int MaxSubject = 100;

    public static string SubjectOf(OutboxDelivery d)
    {
        var f = d.Finding;
        var subject = "[AiSpm " + f.Severity.ToUpperInvariant() + "] " + f.Title + (d.Change == FindingChange.StatusChanged ? " (" + f.Status + ")" : "");
        // SNS subjects: printable ASCII, no line breaks, at most 100 characters.
        var sb = new StringBuilder(subject.Length);
        foreach (var c in subject)
        {
            sb.Append(c is >= ' ' and <= '~' ? c : ' ');
        }

        return sb.Length <= MaxSubject ? sb.ToString() : sb.ToString(0, MaxSubject - 3) + "...";
    }

    public async Task<SinkResult> SendAsync(OutboxDelivery delivery, CancellationToken cancellationToken)
    {
        var input = new JsonObject
        {
            ["TopicArn"] = options.TopicArn,
            ["Subject"] = SubjectOf(delivery),
            ["Message"] = Encoding.UTF8.GetString(SinkMessages.Webhook(delivery, time.GetUtcNow())),
        };
        var n = 0;
        foreach (var (name, value) in new[]
        {
            ("severity", delivery.Finding.Severity), ("category", delivery.Finding.Category),
            ("change", delivery.Change), ("deliveryId", delivery.Id),
        })
        {
            // The query protocol's map encoding: MessageAttributes.entry.N.Name / .Value.DataType / .Value.StringValue.
            var prefix = "MessageAttributes.entry." + (++n).ToString(CultureInfo.InvariantCulture);
            input[prefix + ".Name"] = name;
            input[prefix + ".Value.DataType"] = "String";
            input[prefix + ".Value.StringValue"] = value;
        }

        try
        {
            var answer = await aws.CallAsync(Publish, options.Region, input, cancellationToken);
            return answer["MessageId"] is not null ? SinkResult.Success : SinkResult.Failed("sns returned no MessageId");
        }
        catch (AwsCallException ex)
        {
            return SinkResult.Failed("sns " + ex.Code + ": " + ex.Message);
        }
    }
}
