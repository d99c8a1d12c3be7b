using System.Net;

namespace AiSpm.Admin.Hosting;

/// <summary>What the <c>listen</c> setting exposes: loopback only, or more (a wildcard, a host name, a public address).</summary>
internal static class ListenAddress
{
    /// <summary>True when every URL of <paramref name="listen"/> (';'-separated) binds a loopback address.</summary>
    public static bool IsLoopbackOnly(string listen)
    {
        var any = false;
        foreach (var url in listen.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Kestrel's wildcards (*, +) do not parse as a URI host; they are not loopback either.
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !IsLoopbackHost(uri.Host))
            {
                return false;
            }

            any = true;
        }

        return any;
    }

    /// <summary>localhost, 127.0.0.0/8 or ::1 (with or without brackets); host names other than localhost are not trusted.</summary>
    public static bool IsLoopbackHost(string host)
    {
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var literal = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        return IPAddress.TryParse(literal, out var ip) && IPAddress.IsLoopback(ip);
    }
}
