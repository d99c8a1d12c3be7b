using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AiSpm.Gateway.Configuration;

/// <summary>The certificate authorities of an upstream's <c>caFile</c>, or why the file cannot be used.</summary>
internal readonly record struct UpstreamTrust(X509Certificate2Collection? Roots, string? Error)
{
    public static UpstreamTrust Load(string path)
    {
        if (!File.Exists(path))
        {
            return new UpstreamTrust(null, $"'{path}' does not exist");
        }

        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(path);
        }
        catch (CryptographicException e)
        {
            return new UpstreamTrust(null, $"'{path}' is not a PEM certificate file ({e.Message})");
        }

        return roots.Count == 0
            ? new UpstreamTrust(null, $"'{path}' holds no PEM certificate")
            : new UpstreamTrust(roots, null);
    }
}
