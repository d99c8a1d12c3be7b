using System.Security.Cryptography;
using AiSpm.Gateway.Configuration;

namespace AiSpm.Gateway.Health;

/// <summary>
/// Who may read the management endpoints. With <c>managementTokenEnv</c> set, <c>/metrics</c> and the detail of
/// <c>/readyz</c> (rule version, packs, reload errors) need <c>Authorization: Bearer</c> with that token. Without it,
/// <c>/metrics</c> is open and the detail of <c>/readyz</c> is shown only on a loopback listener: on a public one an
/// anonymous caller learns whether the gateway is ready, not which rules it runs. <c>/healthz</c> is always open.
/// </summary>
internal sealed class ManagementAccess
{
    private readonly byte[]? _expected;
    private readonly bool _loopback;

    public ManagementAccess(string? token, bool loopback)
    {
        _expected = string.IsNullOrEmpty(token) ? null : System.Text.Encoding.UTF8.GetBytes("Bearer " + token);
        _loopback = loopback;
    }

    public static ManagementAccess From(GatewayOptions options) => new(
        options.ManagementTokenEnv is { } env ? Environment.GetEnvironmentVariable(env) : null,
        ListenAddress.IsLoopback(options.Listen));

    public bool MayReadMetrics(HttpRequest request) => _expected is null || PresentsToken(request);

    public bool MayReadDetails(HttpRequest request) => _expected is null ? _loopback : PresentsToken(request);

    private bool PresentsToken(HttpRequest request)
    {
        var values = request.Headers.Authorization;
        if (values.Count != 1 || values[0] is not { } presented)
        {
            return false;
        }

        var bytes = System.Text.Encoding.UTF8.GetBytes(presented);
        return CryptographicOperations.FixedTimeEquals(bytes, _expected);
    }
}
