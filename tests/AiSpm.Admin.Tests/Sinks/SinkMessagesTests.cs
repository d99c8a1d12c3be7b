using System.Text.Json;
using AiSpm.Admin.Correlation;
using AiSpm.Admin.Sinks;
using AiSpm.Admin.Storage;
using AiSpm.Admin.Storage.Outbox;
using AiSpm.Admin.Tests.Support;

namespace AiSpm.Admin.Tests.Sinks;

public sealed class SinkMessagesTests
{
    private static readonly Correlator Correlator = new(new CorrelationOptions());

    private static OutboxDelivery Delivery(string change = FindingChange.Created, Func<FindingRecord, FindingRecord>? edit = null)
    {
        var finding = Correlator.Apply(null, Events.Make(1, key: "alice", rule: "jb.dan"));
        finding = edit?.Invoke(finding) ?? finding;
        return OutboxDelivery.For("slack", change, finding, DateTimeOffset.UnixEpoch);
    }

    [Fact]
    public void SlackMessageHasAOneLineTextAndAReadableCard()
    {
        var d = Delivery();
        using var doc = JsonDocument.Parse(SinkMessages.Slack(d));
        var root = doc.RootElement;

        Assert.Equal("New finding: [HIGH] Repeated jailbreak attempts (key:alice, 1 events)", root.GetProperty("text").GetString());
        var blocks = root.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal(["header", "section", "section", "context"], blocks.Select(b => b.GetProperty("type").GetString()));
        Assert.Equal("plain_text", blocks[0].GetProperty("text").GetProperty("type").GetString());
        Assert.Equal("New finding: Repeated jailbreak attempts", blocks[0].GetProperty("text").GetProperty("text").GetString());
        var fields = blocks[1].GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("text").GetString()).ToList();
        Assert.Contains("*Severity*\nhigh", fields);
        Assert.Contains("*Status*\nopen", fields);
        Assert.Contains("*Principal*\nkey:alice", fields);
        Assert.Contains("*Rules*\njb.dan", fields);
        Assert.StartsWith("*What to do*\n", blocks[2].GetProperty("text").GetProperty("text").GetString(), StringComparison.Ordinal);
        var context = blocks[3].GetProperty("elements")[0].GetProperty("text").GetString()!;
        Assert.Contains(d.FindingId, context, StringComparison.Ordinal);
        Assert.Contains(d.Id, context, StringComparison.Ordinal);
    }

    [Fact]
    public void SlackMessageEscapesControlCharactersAndNamesTheChange()
    {
        var d = Delivery(FindingChange.StatusChanged, f => f with { Status = "resolved", Principal = "key:<!channel>&co" });
        using var doc = JsonDocument.Parse(SinkMessages.Slack(d));
        Assert.StartsWith("Finding resolved: ", doc.RootElement.GetProperty("text").GetString(), StringComparison.Ordinal);
        var fields = doc.RootElement.GetProperty("blocks")[1].GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("text").GetString()).ToList();
        Assert.Contains("*Principal*\nkey:&lt;!channel&gt;&amp;co", fields);
    }

    [Fact]
    public void WebhookBodyCarriesTheDeliveryIdTheChangeAndTheFinding()
    {
        var d = Delivery(FindingChange.SeverityRaised);
        using var doc = JsonDocument.Parse(SinkMessages.Webhook(d, DateTimeOffset.UnixEpoch));
        var root = doc.RootElement;
        Assert.Equal(d.Id, root.GetProperty("deliveryId").GetString());
        Assert.Equal("finding.severity_raised", root.GetProperty("type").GetString());
        Assert.Equal(d.FindingId, root.GetProperty("finding").GetProperty("id").GetString());
        Assert.Equal("slack", root.GetProperty("sink").GetString());
    }

    [Fact]
    public void SignatureIsHmacSha256OverTimestampDotBody()
    {
        // Known answer computed independently: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac secret-secret-secret
        var sig = WebhookSignature.Sign("secret-secret-secret"u8, 1700000000, "{\"a\":1}"u8);
        var expected = "v1=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData("secret-secret-secret"u8, "1700000000.{\"a\":1}"u8));
        Assert.Equal(expected, sig);
        Assert.NotEqual(sig, WebhookSignature.Sign("secret-secret-secret"u8, 1700000001, "{\"a\":1}"u8));
    }

    [Fact]
    public void BackoffGrowsExponentiallyWithJitterUpToTheCap()
    {
        var random = new Random(7);
        var b = TimeSpan.FromSeconds(1);
        var max = TimeSpan.FromSeconds(30);
        for (var attempt = 1; attempt <= 12; attempt++)
        {
            var step = Math.Min(30_000, 1000 * Math.Pow(2, attempt - 1));
            for (var i = 0; i < 50; i++)
            {
                var d = Backoff.Next(attempt, b, max, random).TotalMilliseconds;
                Assert.InRange(d, step / 2, step);
            }
        }

        var samples = Enumerable.Range(0, 50).Select(_ => Backoff.Next(3, b, max, random)).Distinct().Count();
        Assert.True(samples > 40, "jitter spreads retries");
    }
}
