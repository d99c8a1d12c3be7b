using System.Text.Json;

namespace AiSpm.Admin.Tests.Support;

/// <summary>Two real OIDC providers (npm oidc-provider): the trusted issuer and an unrelated one.</summary>
public sealed class OidcFixture : IAsyncLifetime
{
    private NodeProcess? _trusted;
    private NodeProcess? _other;

    public Uri Trusted => _trusted!.Url;

    public Uri Other => _other!.Url;

    public async Task InitializeAsync()
    {
        _trusted = await NodeProcess.StartAsync("oidc", "server.mjs", "oidc");
        _other = await NodeProcess.StartAsync("oidc", "server.mjs", "oidc");
    }

    public async Task DisposeAsync()
    {
        if (_trusted is not null)
        {
            await _trusted.DisposeAsync();
        }

        if (_other is not null)
        {
            await _other.DisposeAsync();
        }
    }

    /// <summary>A real access token (JWT) for one of the provider's clients: viewer, analyst, admin, nogroups, short.</summary>
    public static async Task<string> TokenAsync(Uri issuer, string client)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(new Uri(issuer, "/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = client,
            ["client_secret"] = "secret",
            ["scope"] = "api",
        }));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, "token request failed: " + body);
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("access_token").GetString()!;
    }
}
