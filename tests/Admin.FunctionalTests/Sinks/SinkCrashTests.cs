using System.Net;
using System.Text;
using System.Text.Json;
using AiSpm.Admin.FunctionalTests.Support;
using AiSpm.Admin.Tests.Support;
using AiSpm.Contracts;

namespace AiSpm.Admin.FunctionalTests.Sinks;

/// <summary>
/// The admin as a real process with a webhook sink, killed with SIGKILL while deliveries are in flight and started
/// again on the same data: every finding change reaches the receiver (some twice, under the same delivery id).
/// </summary>
public sealed class SinkCrashTests
{
    private const string SecretEnv = "AISPM_FT_WEBHOOK_SECRET";
    private const string Secret = "whsec-functional-0123456789";

    private static string[] SinkArgs(Uri receiver) =>
    [
        "--outbox:pollMs=50",
        "--sinks:hook:type=webhook",
        "--sinks:hook:url=" + receiver,
        "--sinks:hook:secretEnv=" + SecretEnv,
        "--sinks:hook:backoffBaseMs=50",
        "--sinks:hook:backoffMaxMs=500",
    ];

    [Fact]
    public async Task EveryPendingDeliveryIsSentAfterTheAdminIsKilledMidDeliveryAndRestarted()
    {
        Environment.SetEnvironmentVariable(SecretEnv, Secret);
        await using var receiver = await WebhookReceiver.StartAsync(Secret);
        receiver.Delay = TimeSpan.FromMilliseconds(150);
        using var tmp = new TempDir();
        var port = AdminProcess.FreePort();
        var admin = await AdminProcess.StartAsync(port, tmp.Sub("data"), SinkArgs(receiver.Url));
        try
        {
            var events = Enumerable.Range(0, 20).Select(i => TestEvents.Make(i, key: "crash-" + i)).ToArray();
            using (var gw = admin.Client(AdminProcess.GatewayToken))
            {
                var batch = JsonSerializer.Serialize(new EventBatch { GatewayId = "gw-test", Events = events }, AiSpm.Admin.Json.AdminJsonContext.Default.EventBatch);
                var response = await gw.PostAsync("/spm/api/events:batch", new StringContent(batch, Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            Assert.True(await receiver.WaitForAsync(r => r.Accepted.Count >= 3, TimeSpan.FromSeconds(30)), "deliveries did not start: " + admin.Log);
            await admin.KillAsync();
            var beforeKill = receiver.Accepted.Count;
            Assert.True(beforeKill < 20, "the kill should land mid-delivery");
            await admin.DisposeAsync();

            admin = await AdminProcess.StartAsync(port, tmp.Sub("data"), SinkArgs(receiver.Url));

            Assert.True(await receiver.WaitForAsync(r => r.Accepted.Count == 20, TimeSpan.FromSeconds(60)),
                "lost deliveries: " + receiver.Accepted.Count + " of 20; " + admin.Log);
            var findings = receiver.Accepted.Select(r => r.Json.GetProperty("finding").GetProperty("principal").GetString()).Order(StringComparer.Ordinal);
            Assert.Equal(events.Select(e => "key:" + e.KeyAlias).Order(StringComparer.Ordinal), findings);
            Assert.All(receiver.Accepted, r => Assert.Equal("finding.created", r.Json.GetProperty("type").GetString()));
            Assert.Equal(0, receiver.Rejected);

            using var http = admin.Client();
            var deadline = DateTime.UtcNow.AddSeconds(20);
            long backlog;
            do
            {
                var sinks = JsonDocument.Parse(await http.GetStringAsync("/spm/api/sinks")).RootElement.GetProperty("sinks");
                backlog = sinks[0].GetProperty("backlog").GetInt64();
                if (backlog == 0)
                {
                    break;
                }

                await Task.Delay(100);
            }
            while (DateTime.UtcNow < deadline);
            Assert.Equal(0, backlog);
        }
        finally
        {
            await admin.DisposeAsync();
        }
    }
}
