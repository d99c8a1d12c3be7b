using System.Net;
using System.Runtime.Versioning;
using System.Text.Json;
using AiSpm.Admin.Auth;
using AiSpm.Admin.Hosting;
using AiSpm.Admin.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace AiSpm.Admin.Tests.Hosting;

/// <summary>
/// Safe defaults at start-up: no silent auth mode beyond loopback, auth off only on loopback and only for loopback
/// Host names, OIDC only with an audience or client ids and a group mapping, short local tokens.
/// </summary>
public sealed class StartupSafetyTests
{
    private static AdminSettings Read(params (string Key, string? Value)[] values)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
        return AdminSettings.From(config, Path.GetTempPath());
    }

    private static string Refusal(params (string Key, string? Value)[] values) =>
        Assert.Throws<InvalidOperationException>(() => Read(values)).Message;

    [Theory]
    [InlineData("http://0.0.0.0:8090")]
    [InlineData("http://*:8090")]
    [InlineData("http://[::]:8090")]
    [InlineData("http://admin.internal:8090")]
    [InlineData("http://127.0.0.1:8090;http://10.0.0.5:8090")]
    public void ANonLoopbackListenerNeedsAnExplicitAuthMode(string listen)
    {
        Assert.Contains("auth:mode is required", Refusal(("listen", listen)), StringComparison.Ordinal);
        Assert.Equal(AuthSettings.Local, Read(("listen", listen), ("auth:mode", "local")).Auth.Mode);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8090")]
    [InlineData("http://localhost:0")]
    [InlineData("http://[::1]:8090")]
    public void ALoopbackListenerDefaultsToLocalAuth(string listen) =>
        Assert.Equal(AuthSettings.Local, Read(("listen", listen)).Auth.Mode);

    [Fact]
    public void AuthOffRefusesANonLoopbackListener()
    {
        Assert.Contains("loopback only", Refusal(("listen", "http://0.0.0.0:8090"), ("auth:mode", "off")), StringComparison.Ordinal);
        Assert.Equal(AuthSettings.Off, Read(("listen", "http://127.0.0.1:8090"), ("auth:mode", "off")).Auth.Mode);
    }

    [Fact]
    public void TheProcessRefusesToStartAndSaysWhy()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => AdminApp.Build(["--listen", "http://0.0.0.0:0"]));
        Assert.Contains("auth:mode", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OidcNeedsAnAudienceOrClientIdsAndAGroupMapping()
    {
        (string, string?)[] oidc = [("auth:mode", "oidc"), ("auth:authority", "https://issuer.example")];
        var message = Refusal(oidc);
        Assert.Contains("auth:audience or auth:clientIds is required", message, StringComparison.Ordinal);
        Assert.Contains("auth:groupRoles must map", message, StringComparison.Ordinal);

        var ok = Read([.. oidc, ("auth:clientIds", "app1,app2"), ("auth:groupRoles:ops", "admin")]);
        Assert.Equal(["app1", "app2"], ok.Auth.ClientIds);
        Assert.Equal(["RS256"], ok.Auth.SigningAlgorithms);
        Assert.Equal("access", ok.Auth.TokenUse);
    }

    [Theory]
    [InlineData("HS256")]
    [InlineData("none")]
    [InlineData("rs256")]
    public void OnlyAsymmetricSigningAlgorithmsCanBePinned(string alg) =>
        Assert.Contains("auth:signingAlgorithms", Refusal(("auth:mode", "oidc"), ("auth:authority", "https://issuer.example"),
            ("auth:audience", "api"), ("auth:groupRoles:ops", "admin"), ("auth:signingAlgorithms", alg)), StringComparison.Ordinal);

    [Fact]
    public async Task TheLocalTokenLivesOneHourByDefault()
    {
        await using var server = await AdminServer.StartAsync();
        var payload = server.LocalToken!.Split('.')[1];
        using var doc = JsonDocument.Parse(Convert.FromBase64String(payload.Replace('-', '+').Replace('_', '/').PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=')));
        var lifetime = doc.RootElement.GetProperty("exp").GetInt64() - doc.RootElement.GetProperty("iat").GetInt64();
        Assert.Equal(3600, lifetime);
    }

    [Fact]
    public async Task WithAuthOffOnlyLoopbackHostNamesAreServed()
    {
        await using var open = await AdminServer.StartAsync(new() { ["auth:mode"] = "off" });
        using var http = open.Client(null);
        foreach (var host in new[] { "127.0.0.1", "localhost", "[::1]" })
        {
            using var ok = new HttpRequestMessage(HttpMethod.Get, "/spm/api/events");
            ok.Headers.Host = host + ":" + open.Url.Port;
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(ok)).StatusCode);
        }

        // DNS rebinding: the attacker's name resolves to 127.0.0.1, the browser sends that name as Host.
        foreach (var host in new[] { "rebind.attacker.example:" + open.Url.Port, "127.0.0.1.nip.io", "0.0.0.0" })
        {
            using var rebound = new HttpRequestMessage(HttpMethod.Post, "/spm/api/events:batch") { Content = Http.Json(Http.BatchJson(Events.Make(1))) };
            rebound.Headers.Host = host;
            var response = await http.SendAsync(rebound);
            Assert.Equal(HttpStatusCode.MisdirectedRequest, response.StatusCode);
            Assert.Contains("\"Host\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task DatabaseFilesAndTheirFolderAreOwnerOnly()
    {
        // A database an older version left world-readable is tightened at start as well.
        var dir = Path.Combine(Path.GetTempPath(), "aispm-modes-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var old = Path.Combine(dir, "aispm.db-wal");
        await File.WriteAllBytesAsync(old, []);
        File.SetUnixFileMode(old, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await using var server = await AdminServer.StartAsync(dataDirectory: dir);
        using var gw = server.Client(AdminServer.GatewayToken);
        await Http.JsonAsync(await gw.PostAsync("/spm/api/events:batch", Http.Json(Http.BatchJson(Events.Make(1)))));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dir));
        foreach (var name in new[] { "aispm.db", "aispm.db-wal", "aispm.db-shm" })
        {
            var path = Path.Combine(dir, name);
            Assert.True(File.Exists(path), name + " was not created");
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }
}
