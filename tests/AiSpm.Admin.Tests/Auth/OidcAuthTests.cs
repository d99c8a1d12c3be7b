using System.Net;
using System.Text.Json;
using AiSpm.Admin.Tests.Support;

namespace AiSpm.Admin.Tests.Auth;

/// <summary>
/// The admin service trusting a real OIDC provider (discovery + JWKS), with roles from the Cognito-style
/// "cognito:groups" claim: wrong or missing credentials get 401, too small a role 403, the right one works.
/// </summary>
public sealed class OidcAuthTests(OidcFixture oidc) : IClassFixture<OidcFixture>, IAsyncLifetime
{
    private AdminServer _server = null!;

    public async Task InitializeAsync() => _server = await AdminServer.StartAsync(new()
    {
        ["auth:mode"] = "oidc",
        ["auth:authority"] = oidc.Trusted.ToString().TrimEnd('/'),
        ["auth:audience"] = "aispm-admin",
        ["auth:requireHttpsMetadata"] = "false",
        ["auth:clockSkewSeconds"] = "0",
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<HttpClient> As(string client) => _server.Client(await OidcFixture.TokenAsync(oidc.Trusted, client));

    [Fact]
    public async Task NoTokenIsUnauthorized()
    {
        using var http = _server.Client(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/spm/api/events")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync("/spm/api/events:batch", Http.Json("{}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/spm/api/policies")).StatusCode);
    }

    [Fact]
    public async Task GarbageTokenIsUnauthorized()
    {
        using var http = _server.Client("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/spm/api/events")).StatusCode);
    }

    [Fact]
    public async Task ExpiredTokenIsUnauthorized()
    {
        var token = await OidcFixture.TokenAsync(oidc.Trusted, "short");
        using var http = _server.Client(token);
        var parts = token.Split('.');
        using var payload = JsonDocument.Parse(Base64UrlDecode(parts[1]));
        var exp = DateTimeOffset.FromUnixTimeSeconds(payload.RootElement.GetProperty("exp").GetInt64());
        var wait = exp - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(1500);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        var response = await http.GetAsync("/spm/api/events");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("expired", response.Headers.WwwAuthenticate.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TokenFromAnotherIssuerIsUnauthorized()
    {
        using var http = _server.Client(await OidcFixture.TokenAsync(oidc.Other, "admin"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/spm/api/events")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PutAsync("/spm/api/defender/mode", Http.Json("{\"mode\":\"enforce\"}"))).StatusCode);
    }

    [Fact]
    public async Task TooSmallARoleIsForbidden()
    {
        using var none = await As("nogroups");
        Assert.Equal(HttpStatusCode.Forbidden, (await none.GetAsync("/spm/api/events")).StatusCode);

        using var viewer = await As("viewer");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PatchAsync("/spm/api/findings/f_x", Http.Json("{\"status\":\"resolved\",\"reason\":\"r\"}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PutAsync("/spm/api/policies", Http.Json("{}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/spm/api/events:batch", Http.Json("{}"))).StatusCode);

        using var analyst = await As("analyst");
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PutAsync("/spm/api/policies", Http.Json("{}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PutAsync("/spm/api/defender/mode", Http.Json("{\"mode\":\"enforce\"}"))).StatusCode);
    }

    [Fact]
    public async Task TheRightRoleWorks()
    {
        var key = "auth" + Guid.NewGuid().ToString("N")[..8];
        using var gw = _server.Client(AdminServer.GatewayToken);
        await Http.JsonAsync(await gw.PostAsync("/spm/api/events:batch", Http.Json(Http.BatchJson(Events.Make(1, key: key)))));

        using var viewer = await As("viewer");
        var events = await Http.JsonAsync(await viewer.GetAsync("/spm/api/events?key=" + key));
        Assert.Equal(1, events.GetProperty("items").GetArrayLength());
        var findings = await Http.JsonAsync(await viewer.GetAsync("/spm/api/findings?limit=1000"));
        var id = findings.GetProperty("items").EnumerateArray().Single(f => f.GetProperty("principal").GetString() == "key:" + key).GetProperty("id").GetString();

        using var analyst = await As("analyst");
        var patched = await Http.JsonAsync(await analyst.PatchAsync("/spm/api/findings/" + id, Http.Json("{\"status\":\"resolved\",\"reason\":\"fixed\"}")));
        Assert.Equal("analyst", patched.GetProperty("statusBy").GetString());

        using var admin = await As("admin");
        await Http.JsonAsync(await admin.PutAsync("/spm/api/policies", Http.Json("{\"mode\":\"monitor\"}")));
        var mode = await Http.JsonAsync(await admin.PutAsync("/spm/api/defender/mode", Http.Json("{\"mode\":\"enforce\"}")));
        Assert.Equal("enforce", mode.GetProperty("mode").GetString());
    }

    [Fact]
    public async Task RolesClaimAndGroupMappingAreConfigurable()
    {
        // Roles from the "username" claim instead, with a mapping: the client named "viewer" becomes an admin.
        await using var mapped = await AdminServer.StartAsync(new()
        {
            ["auth:mode"] = "oidc",
            ["auth:authority"] = oidc.Trusted.ToString().TrimEnd('/'),
            ["auth:requireHttpsMetadata"] = "false",
            ["auth:rolesClaim"] = "username",
            ["auth:groupRoles:viewer"] = "admin",
        });
        using var http = mapped.Client(await OidcFixture.TokenAsync(oidc.Trusted, "viewer"));
        Assert.Equal(HttpStatusCode.OK, (await http.PutAsync("/spm/api/defender/mode", Http.Json("{\"mode\":\"enforce\"}"))).StatusCode);
        using var other = mapped.Client(await OidcFixture.TokenAsync(oidc.Trusted, "nogroups"));
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync("/spm/api/events")).StatusCode);
    }

    [Fact]
    public async Task AuthOffLetsEveryoneInOnlyWhenConfigured()
    {
        await using var open = await AdminServer.StartAsync(new() { ["auth:mode"] = "off" });
        using var http = open.Client(null);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/spm/api/events")).StatusCode);
        Assert.Null(open.LocalToken);
    }

    private static byte[] Base64UrlDecode(string s)
    {
        s = s.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }
}
