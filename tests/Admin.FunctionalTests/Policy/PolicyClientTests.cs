using System.Diagnostics;
using System.Text;
using AiSpm.Admin.FunctionalTests.Support;
using AiSpm.Contracts;
using AiSpm.Gateway.Policy;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiSpm.Admin.FunctionalTests.Policy;

public sealed class PolicyClientTests
{
    private static PolicyClientOptions Options(Uri admin, string cache) => new()
    {
        AdminBaseUrl = admin,
        Token = AdminProcess.GatewayToken,
        CacheFile = cache,
        PollInterval = TimeSpan.FromMilliseconds(250),
    };

    [Fact]
    public async Task ModeChangeInAdminReachesTheClientWithinTwoSecondsAndSurvivesAnAdminOutage()
    {
        using var tmp = new TempDir();
        var port = AdminProcess.FreePort();
        var cache = tmp.Sub("policy.json");
        GatewayPolicy? seen = null;
        await using (var admin = await AdminProcess.StartAsync(port, tmp.Sub("data")))
        {
            var client = PolicyClient.Start(Options(admin.Url, cache), NullLoggerFactory.Instance);
            client.Changed += p => seen = p;
            try
            {
                using var http = admin.Client();
                Assert.True(await client.PollOnceAsync(CancellationToken.None));
                Assert.Null(client.Current.Mode);

                var sw = Stopwatch.StartNew();
                using var put = await http.PutAsync("/spm/api/defender/mode", new StringContent("{\"mode\":\"enforce\"}", Encoding.UTF8, "application/json"));
                put.EnsureSuccessStatusCode();
                // Changed is raised after Current is swapped, from the polling thread: wait for both.
                while ((client.Current.Mode != PolicyMode.Enforce || seen?.Mode != "enforce") && sw.Elapsed < TimeSpan.FromSeconds(2))
                {
                    await Task.Delay(20);
                }

                Assert.Equal(PolicyMode.Enforce, client.Current.Mode);
                Assert.True(sw.Elapsed < TimeSpan.FromSeconds(2), "took " + sw.Elapsed);
                Assert.Equal("enforce", seen?.Mode);
                // The cache is written after the policy is applied, on the polling thread: give it a moment.
                var cached = Stopwatch.StartNew();
                while (!File.Exists(cache) && cached.Elapsed < TimeSpan.FromSeconds(2))
                {
                    await Task.Delay(20);
                }

                Assert.True(File.Exists(cache), "the policy cache file was not written");

                // Unchanged policy: polls keep answering 304 and nothing is re-applied.
                var updates = client.Updates;
                await Task.Delay(800);
                Assert.Equal(updates, client.Updates);
            }
            finally
            {
                await client.DisposeAsync();
            }
        }

        // The admin is gone: a gateway starting now runs with the last good policy from its cache.
        var offline = PolicyClient.Start(Options(new Uri("http://127.0.0.1:" + port), cache), NullLoggerFactory.Instance);
        try
        {
            Assert.Equal(PolicyMode.Enforce, offline.Current.Mode);
            Assert.False(await offline.PollOnceAsync(CancellationToken.None));
            Assert.Equal(PolicyMode.Enforce, offline.Current.Mode);
        }
        finally
        {
            await offline.DisposeAsync();
        }
    }

    [Fact]
    public async Task FullPolicyPutIsAppliedWithItsOverridesAndSuppressions()
    {
        using var tmp = new TempDir();
        await using var admin = await AdminProcess.StartAsync(AdminProcess.FreePort(), tmp.Sub("data"));
        var client = PolicyClient.Start(Options(admin.Url, tmp.Sub("policy.json")), NullLoggerFactory.Instance);
        try
        {
            using var http = admin.Client();
            var body = """
                {"mode":"monitor","modeOverrides":[{"model":"gpt-4o*","mode":"enforce"}],
                 "suppressions":[{"ruleId":"pii.email","team":"support","reason":"expected"}],
                 "rateLimits":[{"scope":"key","match":"*","requestsPerMinute":60}],
                 "tokenLimits":[{"key":"alice","tokensPerMinute":10000}],"enabledRulePacks":["core"]}
                """;
            using var put = await http.PutAsync("/spm/api/policies", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(System.Net.HttpStatusCode.OK, put.StatusCode);
            Assert.True(await client.PollOnceAsync(CancellationToken.None));
            var p = client.Current;
            Assert.Equal("enforce", p.ResolveMode("/v1/chat/completions", "bob", null, "gpt-4o-mini", "monitor"));
            Assert.Equal("monitor", p.ResolveMode("/v1/chat/completions", "bob", null, "claude-3", "enforce"));
            Assert.True(p.IsSuppressed("pii.email", "k", "support", "m", null));
            Assert.False(p.IsSuppressed("pii.email", "k", "sales", "m", null));
            Assert.Equal(60, p.RateLimits.Single().RequestsPerMinute);
            Assert.Equal(["core"], p.EnabledRulePacks);
        }
        finally
        {
            await client.DisposeAsync();
        }
    }
}
