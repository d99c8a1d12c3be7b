using System.Net.Http.Headers;
using AiSpm.Admin.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace AiSpm.Admin.Tests.Support;

/// <summary>The admin service in-process on real Kestrel at 127.0.0.1:0, with its own data directory.</summary>
internal sealed class AdminServer : IAsyncDisposable
{
    public const string GatewayToken = "unit-gateway-token-0123456789";

    private readonly WebApplication _app;
    private readonly string _dir;

    private AdminServer(WebApplication app, Uri url, string dir)
    {
        _app = app;
        Url = url;
        _dir = dir;
        LocalToken = app.Services.GetRequiredService<LocalToken>().Value;
    }

    public Uri Url { get; }

    public string? LocalToken { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The SQLite data directory (created by the service at start).</summary>
    public string DataDirectory => _dir;

    /// <summary>Starts the service; <paramref name="configure"/> may map extra endpoints before it listens.</summary>
    public static async Task<AdminServer> StartAsync(Dictionary<string, string?>? settings = null, Action<WebApplication>? configure = null, string? dataDirectory = null)
    {
        var dir = dataDirectory ?? Path.Combine(Path.GetTempPath(), "aispm-admin-" + Guid.NewGuid().ToString("N")[..12]);
        var overrides = new Dictionary<string, string?>
        {
            ["listen"] = "http://127.0.0.1:0",
            ["storage:dataDirectory"] = dir,
            ["auth:mode"] = "local",
            ["auth:gatewayToken"] = GatewayToken,
            ["maxBatchEvents"] = "50",
            ["cors:origins"] = "https://console.example.com",
        };
        foreach (var (k, v) in settings ?? [])
        {
            overrides[k] = v;
        }

        var app = AdminApp.Build([], overrides);
        configure?.Invoke(app);
        var url = await AdminApp.StartAsync(app, null);
        return new AdminServer(app, url, dir);
    }

    public HttpClient Client(string? token)
    {
        var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
