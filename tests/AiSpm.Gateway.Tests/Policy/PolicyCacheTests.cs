using System.Net;
using System.Text;
using AiSpm.Contracts;
using AiSpm.Gateway.Policy;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiSpm.Gateway.Tests.Policy;

/// <summary>
/// The last good policy decides what a gateway enforces when it starts without its admin service, so it is written
/// owner-only and sealed with an HMAC keyed by the gateway's admin token; a changed cache is refused, not believed.
/// </summary>
public sealed class PolicyCacheTests : IDisposable
{
    private const string Token = "gateway-token-for-the-cache-test";
    private readonly string _dir = Directory.CreateTempSubdirectory("aispm-policy-cache-").FullName;

    private string Cache => Path.Combine(_dir, "policy.last-good.json");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task ACachedPolicyIsOwnerOnlyAndTrustedAgainAtTheNextStart()
    {
        await FetchAndCacheAsync();

        Assert.Equal(FileModes.OwnerOnlyFile, FileModes.Of(Cache));

        Assert.Equal(PolicyMode.Enforce, await StartOfflineAsync(Token));
    }

    [Fact]
    public async Task ATamperedCacheIsRefusedAtStartUp()
    {
        await FetchAndCacheAsync();
        var text = await File.ReadAllTextAsync(Cache);
        Assert.Contains("\"enforce\"", text, StringComparison.Ordinal);
        await File.WriteAllTextAsync(Cache, text.Replace("\"enforce\"", "\"monitor\"", StringComparison.Ordinal));

        Assert.Null(await StartOfflineAsync(Token));
    }

    [Fact]
    public async Task ACacheSealedWithAnotherTokenIsRefused()
    {
        await FetchAndCacheAsync();

        Assert.Null(await StartOfflineAsync("some-other-gateway-token"));
    }

    [Fact]
    public async Task AnUnsealedPolicyFileIsRefused()
    {
        await File.WriteAllTextAsync(Cache, """{"version":"9","mode":"monitor"}""");

        Assert.Null(await StartOfflineAsync(Token));
    }

    private async Task FetchAndCacheAsync()
    {
        var client = PolicyClient.Start(Options(Token), NullLoggerFactory.Instance, new PolicyAdmin());
        try
        {
            Assert.True(await client.PollOnceAsync(CancellationToken.None));
            Assert.Equal(PolicyMode.Enforce, client.Current.Mode);
        }
        finally
        {
            await client.DisposeAsync();
        }

        Assert.True(File.Exists(Cache));
    }

    /// <summary>The mode a gateway starting while its admin is away takes from the cache (null: the built-in default).</summary>
    private async Task<string?> StartOfflineAsync(string token)
    {
        var client = PolicyClient.Start(Options(token), NullLoggerFactory.Instance, new UnreachableAdmin());
        try
        {
            return client.Current.Mode;
        }
        finally
        {
            await client.DisposeAsync();
        }
    }

    private PolicyClientOptions Options(string token) => new()
    {
        AdminBaseUrl = new Uri("http://127.0.0.1:9"),
        Token = token,
        CacheFile = Cache,
        PollInterval = TimeSpan.FromHours(1),
    };

    private sealed class PolicyAdmin : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("""{"version":"7","mode":"enforce"}""", Encoding.UTF8, "application/json"),
            };
            response.Headers.ETag = new System.Net.Http.Headers.EntityTagHeaderValue("\"7\"");
            return Task.FromResult(response);
        }
    }

    private sealed class UnreachableAdmin : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new HttpRequestException("connection refused");
    }
}
