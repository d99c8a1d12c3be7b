using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using AiSpm.Gateway.Configuration;

namespace AiSpm.Gateway.Routing;

/// <summary>One upstream provider: its pooled connection handler, credential and timeouts.</summary>
internal sealed class UpstreamTarget : IDisposable
{
    private readonly string _baseUrl;
    private readonly ConcurrentDictionary<EndpointKind, Uri> _knownUris = new();

    private UpstreamTarget(UpstreamTarget shared, bool allowAnonymous)
    {
        Name = shared.Name;
        Options = shared.Options;
        _baseUrl = shared._baseUrl;
        _knownUris = shared._knownUris;
        ReplacesCredential = shared.ReplacesCredential;
        UsesApiKeyHeader = shared.UsesApiKeyHeader;
        Credential = shared.Credential;
        Invoker = shared.Invoker;
        AllowAnonymous = allowAnonymous;
    }

    public UpstreamTarget(string name, UpstreamOptions options)
    {
        Name = name;
        Options = options;
        _baseUrl = options.BaseUrl.TrimEnd('/');
        ReplacesCredential = string.Equals(options.Auth.Mode, "replace", StringComparison.OrdinalIgnoreCase);
        UsesApiKeyHeader = string.Equals(options.Auth.Header, "x-api-key", StringComparison.OrdinalIgnoreCase);
        Credential = ReplacesCredential ? ReadCredential(options.Auth) : null;
        Invoker = new HttpMessageInvoker(CreateHandler(options), disposeHandler: true);
    }

    public string Name { get; }

    public UpstreamOptions Options { get; }

    public HttpMessageInvoker Invoker { get; }

    public bool ReplacesCredential { get; }

    public bool UsesApiKeyHeader { get; }

    /// <summary>Whether the route that chose this target lets callers without a credential use a replaced key.</summary>
    public bool AllowAnonymous { get; }

    /// <summary>Refuses a request that brings no credential of its own, when the upstream would be given the configured key.</summary>
    public bool RefusesAnonymous => ReplacesCredential && !AllowAnonymous;

    /// <summary>The configured key, when this upstream replaces the client's credential.</summary>
    public string? Credential { get; }

    public Uri BuildUri(EndpointKind kind, string path, QueryString query)
    {
        if (kind != EndpointKind.Other && !query.HasValue)
        {
            return _knownUris.GetOrAdd(kind, static (k, self) => new Uri(self._baseUrl + Endpoints.UpstreamSuffix(k, "")), this);
        }

        return new Uri(_baseUrl + Endpoints.UpstreamSuffix(kind, path) + query.Value);
    }

    /// <summary>The same upstream (connection pool and all) for a route with <c>allowAnonymous: true</c>; not disposed on its own.</summary>
    public UpstreamTarget AllowingAnonymous() => new(this, allowAnonymous: true);

    public void Dispose() => Invoker.Dispose();

    private static SocketsHttpHandler CreateHandler(UpstreamOptions options)
    {
        var handler = NewHandler(options);
        if (options.CaFile is { } caFile && UpstreamTrust.Load(caFile).Roots is { } roots)
        {
            // Only these authorities: a private CA's upstream is not also trusted through every public root.
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.AddRange(roots);
            handler.SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = policy };
        }

        return handler;
    }

    private static SocketsHttpHandler NewHandler(UpstreamOptions options) => new()
    {
        ConnectTimeout = TimeSpan.FromMilliseconds(options.ConnectTimeoutMs),
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        EnableMultipleHttp2Connections = true,
        MaxConnectionsPerServer = int.MaxValue,
        ActivityHeadersPropagator = null,
    };

    private static string ReadCredential(UpstreamAuthOptions auth)
    {
        if (auth.ApiKeyEnv is not null)
        {
            return Environment.GetEnvironmentVariable(auth.ApiKeyEnv) ?? "";
        }

        return File.ReadAllText(auth.ApiKeyFile!).Trim();
    }
}
