using System.Runtime.InteropServices;
using System.Security.Cryptography;
using AiSpm.Gateway.Configuration;

namespace AiSpm.Gateway.Enforcement;

/// <summary>
/// Decides whether a request's x-litellm-* identity headers are believed. They pick the policy (mode, suppressions,
/// limits), so a client that reaches the gateway directly must not be able to claim a monitored team or another key.
/// </summary>
internal sealed class IdentityHeaderTrust
{
    /// <summary>Carries the shared secret; dropped before the request goes upstream.</summary>
    public const string SecretHeader = "x-aispm-identity-secret";

    private readonly bool _always;
    private readonly string? _secret;

    private IdentityHeaderTrust(bool always, string? secret)
    {
        _always = always;
        _secret = secret;
    }

    public static IdentityHeaderTrust From(GatewayOptions options) => (options.IdentityHeaders ?? GatewayOptionsLoader.DefaultIdentityHeaders(options.Listen)).ToLowerInvariant() switch
    {
        "ignored" => new IdentityHeaderTrust(always: false, secret: null),
        "secret" => new IdentityHeaderTrust(always: false, Environment.GetEnvironmentVariable(options.IdentitySecretEnv!)),
        _ => new IdentityHeaderTrust(always: true, secret: null),
    };

    public bool Trusts(HttpRequest request)
    {
        if (_always)
        {
            return true;
        }

        if (_secret is null)
        {
            return false;
        }

        var presented = request.Headers[SecretHeader];
        return presented.Count == 1 && presented[0] is { } value
            && CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(value.AsSpan()), MemoryMarshal.AsBytes(_secret.AsSpan()));
    }
}
