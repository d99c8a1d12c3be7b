using AiSpm.Scanner.Connectors;
using AiSpm.Scanner.LiteLlm;
using AiSpm.Scanner.Temporal;

namespace AiSpm.Admin.Discovery;

/// <summary>
/// Builds the configured connectors for one run. Connector base URLs come from configuration only; the environment
/// the connectors read is the process's, with <see cref="DiscoverySettings.Environment"/> on top.
/// </summary>
internal sealed class ConnectorFactory : IDisposable
{
    private readonly DiscoverySettings _settings;
    private readonly HttpClient _http;

    public ConnectorFactory(DiscoverySettings settings)
    {
        _settings = settings;
        // One pooled client for every connector; a bounded connection lifetime follows DNS changes.
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false })
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public string? Environment(string name) =>
        _settings.Environment.TryGetValue(name, out var v) ? v : System.Environment.GetEnvironmentVariable(name);

    public IReadOnlyList<IDiscoveryConnector> Create(IReadOnlyList<DiscoveryConnectorSettings> connectors)
    {
        var list = new List<IDiscoveryConnector>(connectors.Count);
        foreach (var c in connectors)
        {
            if (c.LiteLlm is { } lite)
            {
                list.Add(new LiteLlmConnector(lite, _http, Environment));
            }
            else if (c.Aws is { } aws)
            {
                list.Add(new DeferredAwsConnector(aws, _http, Environment));
            }
            else if (c.Temporal is { } temporal)
            {
                list.Add(new TemporalConnector(temporal, Environment));
            }
        }

        return list;
    }

    public void Dispose() => _http.Dispose();
}
