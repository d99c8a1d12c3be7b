using AiSpm.Gateway.Configuration;
using AiSpm.Gateway.Enforcement;
using Microsoft.AspNetCore.Http;

namespace AiSpm.Gateway.Tests.Enforcement;

public class IdentityHeaderTrustTests
{
    private const string SecretEnv = "AISPM_TEST_IDENTITY_SECRET";

    [Fact]
    public void TrustedHeadersNameTheKeyAndTeam()
    {
        var request = Request(("x-litellm-key-alias", "ops-key"), ("x-litellm-team-alias", "group-sales"));
        var trust = IdentityHeaderTrust.From(new GatewayOptions());

        var identity = RequestIdentity.From(request, trust.Trusts(request));

        Assert.Equal("ops-key", identity.KeyAlias);
        Assert.Equal("group-sales", identity.Team);
    }

    [Fact]
    public void IgnoredHeadersLeaveOnlyTheClientKeysFingerprint()
    {
        var request = Request(("x-litellm-key-alias", "ops-key"), ("x-litellm-team-alias", "monitored-team"));
        var trust = IdentityHeaderTrust.From(new GatewayOptions { IdentityHeaders = "ignored" });

        var identity = RequestIdentity.From(request, trust.Trusts(request));

        Assert.StartsWith("key-", identity.KeyAlias, StringComparison.Ordinal);
        Assert.Null(identity.Team);
    }

    [Fact]
    public void SecretModeBelievesTheHeadersOnlyBesideTheRightSecret()
    {
        Environment.SetEnvironmentVariable(SecretEnv, "s3cret-from-litellm");
        try
        {
            var trust = IdentityHeaderTrust.From(new GatewayOptions { IdentityHeaders = "secret", IdentitySecretEnv = SecretEnv });

            Assert.False(trust.Trusts(Request(("x-litellm-team-alias", "monitored-team"))));
            Assert.False(trust.Trusts(Request(("x-litellm-team-alias", "monitored-team"), (IdentityHeaderTrust.SecretHeader, "guess"))));
            Assert.False(trust.Trusts(Request((IdentityHeaderTrust.SecretHeader, "s3cret-from-litellm-and-more"))));
            Assert.True(trust.Trusts(Request(("x-litellm-team-alias", "monitored-team"), (IdentityHeaderTrust.SecretHeader, "s3cret-from-litellm"))));
        }
        finally
        {
            Environment.SetEnvironmentVariable(SecretEnv, null);
        }
    }

    private static HttpRequest Request(params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = "Bearer sk-client";
        foreach (var (name, value) in headers)
        {
            context.Request.Headers[name] = value;
        }

        return context.Request;
    }
}
