using System.Net;
using AiSpm.Gateway.Bedrock.Signing;

namespace AiSpm.Gateway.Bedrock;

/// <summary>The Bedrock runtime endpoint: one pooled connection handler, and the signing of every request sent to it.</summary>
internal sealed class BedrockUpstream : IDisposable
{
    private readonly string _baseUrl;

    public BedrockUpstream(BedrockOptions options)
    {
        Options = options;
        _baseUrl = options.Endpoint.TrimEnd('/');
        Invoker = new HttpMessageInvoker(
            new SocketsHttpHandler
            {
                ConnectTimeout = TimeSpan.FromMilliseconds(options.ConnectTimeoutMs),
                UseProxy = false,
                UseCookies = false,
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.None,
                PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
                PooledConnectionLifetime = TimeSpan.FromMinutes(10),
                EnableMultipleHttp2Connections = true,
                ActivityHeadersPropagator = null,
            },
            disposeHandler: true);
    }

    public BedrockOptions Options { get; }

    public HttpMessageInvoker Invoker { get; }

    public Uri Uri(string wirePathAndQuery) => new(_baseUrl + wirePathAndQuery);

    /// <summary>Signs <paramref name="request"/> with the gateway's credentials; false when it has none.</summary>
    public async ValueTask<bool> TrySignAsync(HttpRequestMessage request, ReadOnlyMemory<byte> body)
    {
        if (await GatewayCredentials.ResolveAsync().ConfigureAwait(false) is not { } credentials)
        {
            return false;
        }

        SigV4Signer.Sign(request, body.Span, credentials, Options.Region, Options.SigningName, DateTimeOffset.UtcNow);
        return true;
    }

    public void Dispose() => Invoker.Dispose();
}
