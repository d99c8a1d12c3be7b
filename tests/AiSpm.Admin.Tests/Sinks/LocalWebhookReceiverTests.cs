using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using AiSpm.Admin.Sinks;
using AiSpm.Admin.Tests.Support;

namespace AiSpm.Admin.Tests.Sinks;

/// <summary>
/// scripts/webhook-receiver.mjs, the receiver ./aispm up starts: the admin's signed deliveries land in its file one
/// JSON line each; unsigned, tampered, stale and repeated requests do not.
/// </summary>
public sealed class LocalWebhookReceiverTests : IAsyncLifetime
{
    private const string Secret = "local-webhook-secret-0123456789";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "aispm-receiver-" + Guid.NewGuid().ToString("N")[..12]);
    private Process? _node;
    private Uri _url = null!;

    private string LogFile => Path.Combine(_dir, "webhook.jsonl");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        var psi = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(RepoPaths.Root, "scripts", "webhook-receiver.mjs"));
        psi.ArgumentList.Add("--log");
        psi.ArgumentList.Add(LogFile);
        psi.Environment["AISPM_WEBHOOK_SECRET"] = Secret;
        _node = Process.Start(psi) ?? throw new InvalidOperationException("node is required for this test (./aispm setup)");
        _node.ErrorDataReceived += (_, _) => { };
        _node.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var line = await _node.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("receiver exited");
        Assert.StartsWith("webhook: ", line, StringComparison.Ordinal);
        _url = new Uri(line["webhook: ".Length..]);
    }

    public Task DisposeAsync()
    {
        if (_node is { HasExited: false })
        {
            _node.Kill();
        }

        _node?.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }

    private string[] Lines() => File.Exists(LogFile) ? File.ReadAllLines(LogFile) : [];

    private async Task<HttpStatusCode> PostAsync(string body, long timestamp, string? signature = null, string id = "d-1")
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-AiSpm-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-AiSpm-Signature", signature ?? WebhookSignature.Sign(Encoding.UTF8.GetBytes(Secret), timestamp, Encoding.UTF8.GetBytes(body)));
        request.Headers.Add("X-AiSpm-Delivery", id);
        return (await http.SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task TheAdminsDeliveriesLandInTheFileOneVerifiedJsonLineEach()
    {
        Environment.SetEnvironmentVariable("AISPM_TEST_LOCAL_WEBHOOK_SECRET", Secret);
        await using var admin = await AdminServer.StartAsync(new()
        {
            ["outbox:pollMs"] = "50",
            ["sinks:local-webhook:type"] = "webhook",
            ["sinks:local-webhook:url"] = _url.ToString(),
            ["sinks:local-webhook:secretEnv"] = "AISPM_TEST_LOCAL_WEBHOOK_SECRET",
        });
        using var gw = admin.Client(AdminServer.GatewayToken);
        Assert.Equal(HttpStatusCode.OK, (await gw.PostAsync("/spm/api/events:batch", Http.Json(Http.BatchJson(Events.Make(1, key: "up-demo"))))).StatusCode);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Lines().Length == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var line = JsonDocument.Parse(Assert.Single(Lines())).RootElement;
        Assert.True(line.GetProperty("verified").GetBoolean());
        Assert.EndsWith(".1.local-webhook", line.GetProperty("deliveryId").GetString(), StringComparison.Ordinal);
        Assert.Equal("finding.created", line.GetProperty("payload").GetProperty("type").GetString());
        Assert.Equal("key:up-demo", line.GetProperty("payload").GetProperty("finding").GetProperty("principal").GetString());
    }

    [Fact]
    public async Task UnsignedTamperedStaleAndRepeatedRequestsAreNotLogged()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        const string body = "{\"deliveryId\":\"d-1\",\"type\":\"finding.created\"}";

        Assert.Equal(HttpStatusCode.OK, await PostAsync(body, now));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(body, now));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(body, now, signature: "v1=00"));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(body, now, signature: WebhookSignature.Sign(Encoding.UTF8.GetBytes(Secret), now, Encoding.UTF8.GetBytes(body + " ")), id: "d-2"));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(body, now - 600, id: "d-3"));

        Assert.Single(Lines());
    }
}
