using System.Net;

namespace AiSpm.Gateway.Configuration;

/// <summary>Whether a listen URL is reachable only from this machine, which decides the safe defaults.</summary>
internal static class ListenAddress
{
    /// <summary>True for 127.0.0.0/8, ::1 and localhost; false for 0.0.0.0, ::, a wildcard or any other address.</summary>
    public static bool IsLoopback(string? listen)
    {
        if (!Uri.TryCreate(listen, UriKind.Absolute, out var uri))
        {
            return false;
        }

        var host = uri.Host.Trim('[', ']');
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }
}
