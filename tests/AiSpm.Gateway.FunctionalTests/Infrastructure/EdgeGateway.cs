using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;

namespace AiSpm.Gateway.FunctionalTests.Infrastructure;

/// <summary>
/// The standard gateway plus three upstreams on scripted sockets: <c>edge-*</c> over plain HTTP, <c>tls-*</c> over TLS
/// with a certificate issued by a test CA the upstream's <c>caFile</c> names, and <c>untrusted-*</c>, the same TLS
/// server without a <c>caFile</c> (so the system's roots, which do not hold the test CA, must refuse it).
/// </summary>
public sealed class EdgeGateway : GatewayEnvironment
{
    private readonly ScriptedUpstream _plain = new();
    private readonly ScriptedUpstream _tls;
    private readonly string _caFile;

    public EdgeGateway()
    {
        var (ca, leaf) = IssueCertificates();
        _caFile = Path.Combine(Directory.CreateTempSubdirectory("aispm-ft-ca-").FullName, "ca.pem");
        File.WriteAllText(_caFile, ca.ExportCertificatePem());
        ca.Dispose();
        _tls = new ScriptedUpstream(leaf);
    }

    internal ScriptedUpstream Plain => _plain;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _plain.DisposeAsync();
        await _tls.DisposeAsync();
    }

    protected override JsonObject Configure(JsonObject config)
    {
        var upstreams = (JsonObject)config["upstreams"]!;
        upstreams["scripted"] = Upstream($"http://127.0.0.1:{_plain.Port}/v1");
        var tls = Upstream($"https://localhost:{_tls.Port}/v1");
        tls["caFile"] = _caFile;
        upstreams["tls"] = tls;
        // The first handshake checked against the system's roots loads the whole store, slow on a loaded machine.
        var untrusted = Upstream($"https://localhost:{_tls.Port}/v1");
        untrusted["connectTimeoutMs"] = 15_000;
        untrusted["firstByteTimeoutMs"] = 15_000;
        upstreams["untrusted"] = untrusted;
        var routes = (JsonArray)config["routes"]!;
        routes.Add(new JsonObject { ["model"] = "edge-*", ["upstream"] = "scripted" });
        routes.Add(new JsonObject { ["model"] = "tls-*", ["upstream"] = "tls" });
        routes.Add(new JsonObject { ["model"] = "untrusted-*", ["upstream"] = "untrusted" });
        return config;
    }

    private static JsonObject Upstream(string baseUrl) => new()
    {
        ["baseUrl"] = baseUrl,
        ["auth"] = new JsonObject { ["mode"] = "passthrough" },
        ["connectTimeoutMs"] = 2000,
        ["firstByteTimeoutMs"] = 5000,
        ["idleTimeoutMs"] = 5000,
    };

    /// <summary>A throwaway CA and a localhost certificate it signed, as a provider behind a private CA would present.</summary>
    private static (X509Certificate2 Ca, X509Certificate2 Leaf) IssueCertificates()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=AiSpm functional-test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=localhost", leafKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        leafRequest.CertificateExtensions.Add(names.Build());
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var issued = leafRequest.Create(ca, now.AddMinutes(-5), now.AddDays(1), [1, 2, 3, 4]);
        return (ca, issued.CopyWithPrivateKey(leafKey));
    }
}
