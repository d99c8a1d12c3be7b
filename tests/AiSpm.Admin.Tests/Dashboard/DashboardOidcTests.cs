using System.Net;
using AiSpm.Admin.Tests.Support;

namespace AiSpm.Admin.Tests.Dashboard;

/// <summary>
/// The dashboard's side of OIDC against a real provider: what the sign-in config tells a browser that holds no token
/// yet, the index page's Content-Security-Policy letting the page reach the issuer, and saved views kept per user
/// (the token's subject) for every role, a viewer included.
/// </summary>
public sealed class DashboardOidcTests(OidcFixture oidc) : IClassFixture<OidcFixture>, IAsyncLifetime
{
    private readonly string _dist = Path.Combine(Path.GetTempPath(), "aispm-dist-" + Guid.NewGuid().ToString("N")[..8]);
    private AdminServer _server = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dist);
        await File.WriteAllTextAsync(Path.Combine(_dist, "index.html"), "<!doctype html><title>test index</title>");
        _server = await AdminServer.StartAsync(new Dictionary<string, string?>
        {
            ["dashboard:directory"] = _dist,
            ["auth:mode"] = "oidc",
            ["auth:authority"] = oidc.Trusted.ToString().TrimEnd('/'),
            ["auth:audience"] = "aispm-admin",
            ["auth:requireHttpsMetadata"] = "false",
            ["auth:groupRoles:viewer"] = "viewer",
            ["auth:groupRoles:admin"] = "admin",
            ["auth:dashboardClientId"] = "dashboard",
            ["auth:dashboardScope"] = "openid api",
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dist, recursive: true);
    }

    private async Task<HttpClient> As(string client) => _server.Client(await OidcFixture.TokenAsync(oidc.Trusted, client));

    [Fact]
    public async Task TheSignInConfigNamesTheIssuerClientAndScopesWithoutAToken()
    {
        using var anonymous = _server.Client(null);
        var config = await Http.JsonAsync(await anonymous.GetAsync("/spm/api/auth/config"));
        Assert.Equal("oidc", config.GetProperty("mode").GetString());
        Assert.Equal(oidc.Trusted.ToString().TrimEnd('/'), config.GetProperty("issuer").GetString());
        Assert.Equal("dashboard", config.GetProperty("clientId").GetString());
        Assert.Equal("openid api", config.GetProperty("scope").GetString());
    }

    [Fact]
    public async Task TheIndexPageMayConnectToTheIssuerAndNowhereElse()
    {
        using var anonymous = _server.Client(null);
        using var res = await anonymous.GetAsync("/findings");
        var csp = res.Headers.GetValues("Content-Security-Policy").Single();
        var connect = csp.Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("connect-src ", StringComparison.Ordinal));
        // The test issuer serves discovery and its token endpoint from one origin.
        Assert.Equal("connect-src 'self' " + oidc.Trusted.GetLeftPart(UriPartial.Authority), connect);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SavedViewsBelongToTheirUserAndAViewerMayKeepThem()
    {
        using var viewer = await As("viewer");
        using var admin = await As("admin");
        using var saved = await viewer.PutAsync("/spm/api/saved-views/findings/open%20high", Http.Json("{\"query\":\"severity=high&status=open\"}"));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var body = await Http.JsonAsync(saved);
        Assert.Equal("open high", body.GetProperty("name").GetString());

        var mine = await Http.JsonAsync(await viewer.GetAsync("/spm/api/saved-views/findings"));
        Assert.Equal(["open high"], mine.GetProperty("items").EnumerateArray().Select(v => v.GetProperty("name").GetString()));
        Assert.Equal("severity=high&status=open", mine.GetProperty("items")[0].GetProperty("query").GetString());
        var theirs = await Http.JsonAsync(await admin.GetAsync("/spm/api/saved-views/findings"));
        Assert.Empty(theirs.GetProperty("items").EnumerateArray());

        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync("/spm/api/saved-views/findings/open%20high")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await viewer.DeleteAsync("/spm/api/saved-views/findings/open%20high")).StatusCode);
        Assert.Empty((await Http.JsonAsync(await viewer.GetAsync("/spm/api/saved-views/findings"))).GetProperty("items").EnumerateArray());

        using var none = await As("nogroups");
        Assert.Equal(HttpStatusCode.Forbidden, (await none.GetAsync("/spm/api/saved-views/findings")).StatusCode);
        using var anonymous = _server.Client(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/spm/api/saved-views/findings")).StatusCode);
    }

    [Theory]
    [InlineData("/spm/api/saved-views/findings/%20padded", "{\"query\":\"status=open\"}", "name")]
    [InlineData("/spm/api/saved-views/findings/ok", "{\"query\":\"?status=open\"}", "query")]
    [InlineData("/spm/api/saved-views/findings/ok", "{\"query\":\"status=open#x\"}", "query")]
    [InlineData("/spm/api/saved-views/findings/ok", "{\"query\":\"a=\\u0007\"}", "query")]
    [InlineData("/spm/api/saved-views/findings/ok", "{\"query\":\"status=open\",\"owner\":\"someone-else\"}", "owner")]
    public async Task ABadSavedViewIsRefusedNamingTheField(string path, string json, string field)
    {
        using var viewer = await As("viewer");
        var errors = await Http.ProblemErrorsAsync(await viewer.PutAsync(path, Http.Json(json)));
        Assert.Contains(errors.Keys, k => k.Contains(field, StringComparison.OrdinalIgnoreCase));
        Assert.Empty((await Http.JsonAsync(await viewer.GetAsync("/spm/api/saved-views/findings"))).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task OnlyTheFindingsViewHasSavedViews()
    {
        using var viewer = await As("viewer");
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync("/spm/api/saved-views/policy")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.PutAsync("/spm/api/saved-views/policy/x", Http.Json("{\"query\":\"\"}"))).StatusCode);
    }
}
