using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiSpm.Admin.FunctionalTests.Support;
using AiSpm.Admin.Tests.Support;
using AiSpm.Contracts;
using AiSpm.Fakes;

namespace AiSpm.Admin.FunctionalTests.Sinks;

/// <summary>
/// The admin as a real process with a Security Hub sink (the fake AWS endpoint: SigV4 checked, every request validated
/// against botocore's securityhub shapes), killed with SIGKILL while a BatchImportFindings call is in flight and started
/// again on the same data: every finding reaches Security Hub, and each under one Id only, so the batch the kill cut
/// off is re-sent as updates of the same findings, not as duplicates.
/// </summary>
public sealed class SecurityHubCrashTests
{
    private const int Findings = 20;

    private static string[] SinkArgs() =>
    [
        "--outbox:pollMs=50",
        "--sinks:hub:type=securityhub",
        "--sinks:hub:region=us-east-1",
        "--sinks:hub:accountId=123456789012",
        "--sinks:hub:backoffBaseMs=50",
        "--sinks:hub:backoffMaxMs=500",
    ];

    [Fact]
    public async Task AKillMidBatchLosesNothingAndSendsNoFindingUnderTwoIds()
    {
        await using var aws = await FakeAws.StartAsync();
        aws.ValidateInputs = true;
        // Long enough for the kill to land while the first call waits for its answer.
        aws.Latency = TimeSpan.FromMilliseconds(1500);
        var imported = new ConcurrentQueue<(string Id, string Principal)>();
        aws.On("securityhub:BatchImportFindings", call =>
        {
            var findings = call.Input["Findings"]!.AsArray();
            foreach (var f in findings)
            {
                imported.Enqueue((f!["Id"]!.GetValue<string>(), f["Resources"]![0]!["Id"]!.GetValue<string>()));
            }

            return FakeAnswer.Ok(new JsonObject { ["FailedCount"] = 0, ["SuccessCount"] = findings.Count, ["FailedFindings"] = new JsonArray() });
        });
        var environment = new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL_SECURITYHUB"] = aws.Url,
            ["AWS_ACCESS_KEY_ID"] = FakeAws.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = FakeAws.SecretKey,
        };
        using var tmp = new TempDir();
        var port = AdminProcess.FreePort();
        var admin = await AdminProcess.StartAsync(port, tmp.Sub("data"), environment, SinkArgs());
        try
        {
            var events = Enumerable.Range(0, Findings).Select(i => TestEvents.Make(i, key: "hub-" + i)).ToArray();
            using (var gw = admin.Client(AdminProcess.GatewayToken))
            {
                var batch = JsonSerializer.Serialize(new EventBatch { GatewayId = "gw-test", Events = events }, AiSpm.Admin.Json.AdminJsonContext.Default.EventBatch);
                var response = await gw.PostAsync("/spm/api/events:batch", new StringContent(batch, Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (aws.CallCount("securityhub:BatchImportFindings") == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }

            Assert.True(aws.CallCount("securityhub:BatchImportFindings") > 0, "no import started: " + admin.Log);
            await admin.KillAsync();
            await admin.DisposeAsync();
            admin = await AdminProcess.StartAsync(port, tmp.Sub("data"), environment, SinkArgs());

            var principals = events.Select(e => "key:" + e.KeyAlias).ToHashSet(StringComparer.Ordinal);
            deadline = DateTime.UtcNow.AddSeconds(60);
            while (imported.Select(f => f.Principal).Distinct().Count() < Findings && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            // Let the call the kill cut off finish on the fake's side too.
            await Task.Delay(aws.Latency * 2);
            var byPrincipal = imported.GroupBy(f => f.Principal).ToDictionary(g => g.Key, g => g.Select(f => f.Id).Distinct().ToList());
            Assert.Equal(principals.Order(StringComparer.Ordinal), byPrincipal.Keys.Order(StringComparer.Ordinal));
            Assert.All(byPrincipal, p => Assert.Single(p.Value));
            Assert.Equal(Findings, imported.Select(f => f.Id).Distinct().Count());
            // The call the kill cut off reached Security Hub and was sent again after the restart, under the same Ids.
            Assert.True(imported.Count > Findings, "the kill should land mid-batch: " + imported.Count + " imports in " + aws.CallCount("securityhub:BatchImportFindings") + " calls");
            Assert.Empty(aws.ShapeErrors);
            Assert.Empty(aws.SignatureErrors);
        }
        finally
        {
            await admin.DisposeAsync();
        }
    }
}
