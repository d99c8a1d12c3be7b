using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AiSpm.Admin.Tests.Support;

/// <summary>
/// A webhook receiver as a customer would write one, on real Kestrel: verifies the signature with its own HMAC code
/// (not the product's), refuses timestamps outside its tolerance (so a captured request cannot be replayed later),
/// acknowledges a delivery id it already has without recording it twice, and can be switched down (503).
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    private readonly WebApplication _app;
    private readonly byte[] _secret;
    private readonly List<Received> _accepted = [];
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);

    private WebhookReceiver(WebApplication app, string secret)
    {
        _app = app;
        _secret = Encoding.UTF8.GetBytes(secret);
    }

    public sealed record Received(string DeliveryId, string Timestamp, string Signature, string Body)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;
    }

    public Uri Url { get; private set; } = null!;

    /// <summary>When set, every request gets this status without being looked at.</summary>
    public int? DownStatus { get; set; }

    /// <summary>How long each request takes to answer (a slow receiver keeps a delivery in flight).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>The receiver's clock; tests move it to make a request stale.</summary>
    public Func<DateTimeOffset> Now { get; set; } = () => DateTimeOffset.UtcNow;

    public int Attempts;
    public int Duplicates;
    public int Rejected;

    public IReadOnlyList<Received> Accepted
    {
        get
        {
            lock (_accepted)
            {
                return [.. _accepted];
            }
        }
    }

    public static async Task<WebhookReceiver> StartAsync(string secret)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, secret);
        app.MapPost("/hook", (Delegate)receiver.HandleAsync);
        await app.StartAsync();
        receiver.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook");
        return receiver;
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref Attempts);
        if (DownStatus is { } down)
        {
            return Results.StatusCode(down);
        }

        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay);
        }

        var ts = context.Request.Headers["X-AiSpm-Timestamp"].ToString();
        var sig = context.Request.Headers["X-AiSpm-Signature"].ToString();
        var id = context.Request.Headers["X-AiSpm-Delivery"].ToString();
        if (!Verify(ts, sig, body, out var why))
        {
            Interlocked.Increment(ref Rejected);
            return Results.Text(why, statusCode: 401);
        }

        lock (_accepted)
        {
            if (!_ids.Add(id))
            {
                Duplicates++;
                return Results.Ok();
            }

            _accepted.Add(new Received(id, ts, sig, body));
        }

        return Results.Ok();
    }

    /// <summary>Stripe-style verification: v1 = hex(HMAC-SHA256(secret, timestamp + "." + body)), timestamp within tolerance.</summary>
    public bool Verify(string timestamp, string signature, string body, out string why)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            why = "no timestamp";
            return false;
        }

        if ((Now() - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > Tolerance)
        {
            why = "timestamp outside tolerance";
            return false;
        }

        var expected = "v1=" + Convert.ToHexString(HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(timestamp + "." + body))).ToLowerInvariant();
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)))
        {
            why = "bad signature";
            return false;
        }

        why = "";
        return true;
    }

    public async Task<bool> WaitForAsync(Func<WebhookReceiver, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (condition(this))
            {
                return true;
            }

            await Task.Delay(50);
        }

        return condition(this);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
