using System.Net;
using System.Text;
using AiSpm.Admin.Dashboard;
using AiSpm.Admin.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AiSpm.Admin.Tests.Dashboard;

/// <summary>The dashboard's files and sign-in, over real sockets, local auth, with a stand-in build folder.</summary>
public sealed class DashboardEndpointsTests : IAsyncLifetime
{
    private readonly string _dist = Path.Combine(Path.GetTempPath(), "aispm-dist-" + Guid.NewGuid().ToString("N")[..8]);
    private AdminServer _server = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_dist, "assets"));
        await File.WriteAllTextAsync(Path.Combine(_dist, "index.html"), "<!doctype html><title>test index</title>");
        await File.WriteAllTextAsync(Path.Combine(_dist, "assets", "app-1234.js"), "console.log(1)");
        await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "aispm-outside.txt"), "outside");
        _server = await AdminServer.StartAsync(new Dictionary<string, string?> { ["dashboard:directory"] = _dist });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dist, recursive: true);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task TheSignInCodeIsExchangedOnceForTheSessionToken()
    {
        var code = _server.Services.GetRequiredService<SignInCodes>().Issue();
        using var http = _server.Client(null);
        var first = await Http.JsonAsync(await http.PostAsync("/spm/api/session", Json("{\"code\":\"" + code + "\"}")));
        Assert.Equal(_server.LocalToken, first.GetProperty("token").GetString());
        Assert.Equal(["admin", "analyst", "viewer"], first.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).Order(StringComparer.Ordinal));

        using var again = await http.PostAsync("/spm/api/session", Json("{\"code\":\"" + code + "\"}"));
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        using var bad = await http.PostAsync("/spm/api/session", Json("{\"cod\":\"x\"}"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task OnlyAnAdminGetsANewSignInUrlAndItWorks()
    {
        using var anonymous = _server.Client(null);
        using var refused = await anonymous.PostAsync("/spm/api/session/codes", null);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        using var admin = _server.Client(_server.LocalToken);
        var url = (await Http.JsonAsync(await admin.PostAsync("/spm/api/session/codes", null))).GetProperty("url").GetString()!;
        Assert.StartsWith(_server.Url.GetLeftPart(UriPartial.Authority) + "/#code=", url, StringComparison.Ordinal);
        var code = url[(url.IndexOf("#code=", StringComparison.Ordinal) + 6)..];
        using var ok = await anonymous.PostAsync("/spm/api/session", Json("{\"code\":\"" + code + "\"}"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task MeNamesTheUserAndRolesOfTheToken()
    {
        using var admin = _server.Client(_server.LocalToken);
        var me = await Http.JsonAsync(await admin.GetAsync("/spm/api/me"));
        Assert.Equal("local-admin", me.GetProperty("user").GetString());
        Assert.Equal(["viewer", "analyst", "admin"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!));
        using var anonymous = _server.Client(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/spm/api/me")).StatusCode);
    }

    [Fact]
    public async Task UnderLocalAuthTheSignInConfigSaysLocalAndNamesNoIssuer()
    {
        using var anonymous = _server.Client(null);
        var config = await Http.JsonAsync(await anonymous.GetAsync("/spm/api/auth/config"));
        Assert.Equal("local", config.GetProperty("mode").GetString());
        Assert.False(config.TryGetProperty("issuer", out _));
        Assert.False(config.TryGetProperty("clientId", out _));
        using var index = await anonymous.GetAsync("/");
        Assert.Contains("connect-src 'self';", index.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/findings")]
    [InlineData("/findings/0190abc")]
    [InlineData("/policy?x=1")]
    public async Task DeepLinksGetTheIndexPageWithItsSecurityHeaders(string path)
    {
        using var http = _server.Client(null);
        using var res = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal("text/html", res.Content.Headers.ContentType!.MediaType);
        Assert.Contains("test index", await res.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", res.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("no-referrer", res.Headers.GetValues("Referrer-Policy").Single());
        Assert.True(res.Headers.CacheControl!.NoCache);
    }

    [Fact]
    public async Task AssetsAreServedAsImmutable()
    {
        using var http = _server.Client(null);
        using var res = await http.GetAsync("/assets/app-1234.js");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal("text/javascript", res.Content.Headers.ContentType!.MediaType);
        Assert.Contains("immutable", res.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/spm/api/no-such-endpoint")]
    [InlineData("/spm/nothing")]
    [InlineData("/assets/missing.js")]
    [InlineData("/%2e%2e/aispm-outside.txt")]
    [InlineData("/..%2faispm-outside.txt")]
    public async Task UnknownApiPathsMissingFilesAndPathsOutsideTheBuildAre404(string path)
    {
        using var http = _server.Client(null);
        using var res = await http.GetAsync(new Uri(_server.Url, path));
        Assert.Equal(HttpStatusCode.NotFound, res.StatusCode);
        Assert.DoesNotContain("outside", await res.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
