using System.Net;
using AiSpm.Gateway.Configuration;

namespace AiSpm.Gateway.Forwarding;

/// <summary>
/// Whether a request came through one of the configured <c>trustedProxies</c>: only then are its X-Forwarded-*
/// headers believed and extended. From anyone else they are what the client says about itself, and are replaced.
/// </summary>
internal sealed class ProxyTrust
{
    private readonly HashSet<IPAddress> _proxies = [];

    public ProxyTrust(IEnumerable<string> proxies)
    {
        foreach (var proxy in proxies)
        {
            if (IPAddress.TryParse(proxy, out var address))
            {
                _proxies.Add(Normalize(address));
            }
        }
    }

    public static ProxyTrust From(GatewayOptions options) => new(options.TrustedProxies);

    public bool Trusts(HttpContext context) =>
        _proxies.Count > 0 && context.Connection.RemoteIpAddress is { } peer && _proxies.Contains(Normalize(peer));

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
