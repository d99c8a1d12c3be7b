using System.Net;
using System.Text.Json;
using AiSpm.Admin.Tests.Support;
using Microsoft.AspNetCore.Builder;

namespace AiSpm.Admin.Tests.Auth;

/// <summary>
/// The admin service trusting a real OIDC provider (discovery + JWKS), with roles from the Cognito-style
/// "cognito:groups" claim mapped through auth:groupRoles: wrong or missing credentials get 401, too small a role 403,
/// the right one works; tokens for another audience or client, ID tokens and tokens signed with an algorithm that is
/// not pinned are refused.
/// </summary>
public sealed class OidcAuthTests(OidcFixture oidc) : IClassFixture<OidcFixture>, IAsyncLifetime
{
    private AdminServer _server = null!;

    public async Task InitializeAsync() => _server = await AdminServer.StartAsync(Settings());

    /// <summary>OIDC against the trusted provider, each role group mapped to its role, plus <paramref name="extra"/>.</summary>
    private Dictionary<string, string?> Settings(params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["auth:mode"] = "oidc",
            ["auth:authority"] = oidc.Trusted.ToString().TrimEnd('/'),
            ["auth:audience"] = "aispm-admin",
            ["auth:requireHttpsMetadata"] = "false",
            ["auth:clockSkewSeconds"] = "0",
            ["auth:groupRoles:viewer"] = "viewer",
            ["auth:groupRoles:analyst"] = "analyst",
            ["auth:groupRoles:admin"] = "admin",
        };
        foreach (var (k, v) in extra)
        {
            settings[k] = v;
        }

        return settings;
    }

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
    public async Task TheLiveFeedClosesWhenItsTokenExpires()
    {
        // A 1-second token, accepted for 5 more seconds of clock skew: the feed must end then, not run on.
        await using var server = await AdminServer.StartAsync(Settings(("auth:clockSkewSeconds", "5")));
        using var http = server.Client(await OidcFixture.TokenAsync(oidc.Trusted, "short"));
        using var response = await http.GetAsync("/spm/api/stream/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(stream);
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var lines = new List<string>();
        while (await reader.ReadLineAsync(guard.Token) is { } line)
        {
            lines.Add(line);
        }

        Assert.Equal(": connected", lines[0]);
        Assert.Contains("event: expired", lines);
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
    public async Task PostureWritesNeedTheirRoles()
    {
        const string Control = "{\"rego\":\"package x\"}";
        const string Exception = "{\"controlId\":\"nope\",\"resourceId\":\"r\",\"reason\":\"why\",\"expires\":\"2099-01-01T00:00:00Z\"}";
        using var viewer = await As("viewer");
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/spm/api/controls")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/spm/api/posture")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/spm/api/exceptions", Http.Json(Exception))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync("/spm/api/exceptions/x_1")).StatusCode);

        // An analyst grants exceptions (refused here for the unknown control, not for the role) but does not author controls.
        using var analyst = await As("analyst");
        Assert.Equal(HttpStatusCode.BadRequest, (await analyst.PostAsync("/spm/api/exceptions", Http.Json(Exception))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PutAsync("/spm/api/controls/custom-x", Http.Json(Control))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.DeleteAsync("/spm/api/controls/custom-x")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsync("/spm/api/controls/evaluate", Http.Json(Control))).StatusCode);

        using var admin = await As("admin");
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync("/spm/api/controls/evaluate", Http.Json(Control))).StatusCode);
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
            ["auth:audience"] = "aispm-admin",
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
    public async Task AGroupNamedLikeARoleIsNoRoleWithoutAMapping()
    {
        // Only "aispm-admins" maps to admin: a token whose group is literally "admin" gets no role at all.
        await using var strict = await AdminServer.StartAsync(new()
        {
            ["auth:mode"] = "oidc",
            ["auth:authority"] = oidc.Trusted.ToString().TrimEnd('/'),
            ["auth:audience"] = "aispm-admin",
            ["auth:requireHttpsMetadata"] = "false",
            ["auth:groupRoles:aispm-admins"] = "admin",
        });
        using var http = strict.Client(await OidcFixture.TokenAsync(oidc.Trusted, "admin"));
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("/spm/api/events")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.PutAsync("/spm/api/defender/mode", Http.Json("{\"mode\":\"enforce\"}"))).StatusCode);
    }

    [Fact]
    public async Task AGroupClaimValueIsOneGroupNotSplitOnSpaces()
    {
        // cognito:groups is the one string "staff admin"; "admin" maps to admin, but that value is not the group "admin".
        using var spaced = await As("spaced");
        Assert.Equal(HttpStatusCode.Forbidden, (await spaced.GetAsync("/spm/api/events")).StatusCode);
    }

    [Fact]
    public async Task AnIdTokenIsNoApiCredential()
    {
        using var id = await As("idtoken");
        var response = await id.GetAsync("/spm/api/events");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task SigningAlgorithmsArePinned()
    {
        // Both keys are in the trusted issuer's JWKS: only the algorithm decides.
        using var es = await As("es256");
        Assert.Equal(HttpStatusCode.Unauthorized, (await es.GetAsync("/spm/api/events")).StatusCode);

        await using var ecOnly = await AdminServer.StartAsync(Settings(("auth:signingAlgorithms", "ES256")));
        using var esThere = ecOnly.Client(await OidcFixture.TokenAsync(oidc.Trusted, "es256"));
        Assert.Equal(HttpStatusCode.OK, (await esThere.GetAsync("/spm/api/events")).StatusCode);
        using var rsThere = ecOnly.Client(await OidcFixture.TokenAsync(oidc.Trusted, "admin"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await rsThere.GetAsync("/spm/api/events")).StatusCode);
    }

    [Fact]
    public async Task TokensForAnotherAudienceOrClientAreUnauthorized()
    {
        await using var otherApi = await AdminServer.StartAsync(Settings(("auth:audience", "another-api")));
        using var wrongAudience = otherApi.Client(await OidcFixture.TokenAsync(oidc.Trusted, "admin"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrongAudience.GetAsync("/spm/api/events")).StatusCode);

        // Cognito access tokens carry no audience, only client_id: the accepted app clients are listed instead.
        await using var byClient = await AdminServer.StartAsync(Settings(("auth:audience", null), ("auth:clientIds", "admin,viewer")));
        using var listed = byClient.Client(await OidcFixture.TokenAsync(oidc.Trusted, "viewer"));
        Assert.Equal(HttpStatusCode.OK, (await listed.GetAsync("/spm/api/events")).StatusCode);
        using var unlisted = byClient.Client(await OidcFixture.TokenAsync(oidc.Trusted, "analyst"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await unlisted.GetAsync("/spm/api/events")).StatusCode);
    }

    [Fact]
    public async Task AnEndpointThatNamesNoPolicyIsDenied()
    {
        await using var server = await AdminServer.StartAsync(Settings(), app => app.MapGet("/spm/api/unguarded", () => "reached"));
        using var anonymous = server.Client(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/spm/api/unguarded")).StatusCode);
        using var admin = server.Client(await OidcFixture.TokenAsync(oidc.Trusted, "admin"));
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync("/spm/api/unguarded")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/spm/health")).StatusCode);
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
