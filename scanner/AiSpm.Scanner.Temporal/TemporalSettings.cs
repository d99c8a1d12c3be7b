namespace AiSpm.Scanner.Temporal;

/// <summary>
/// A Temporal namespace to read: the frontend's address (from configuration only), the namespace, and where its
/// credentials come from (an API key variable or file for Temporal Cloud, client certificate files for mTLS).
/// </summary>
public sealed record TemporalSettings
{
    public required string Name { get; init; }

    /// <summary>The frontend's <c>host:port</c> (for example <c>temporal-frontend:7233</c> or <c>ns.acct.tmprl.cloud:7233</c>).</summary>
    public required string Address { get; init; }

    public string Namespace { get; init; } = "default";

    /// <summary>The environment variable holding an API key (Temporal Cloud); none is sent when it is unset.</summary>
    public string ApiKeyEnv { get; init; } = "TEMPORAL_API_KEY";

    /// <summary>A file holding the API key; read when the variable is not set.</summary>
    public string? ApiKeyFile { get; init; }

    /// <summary>TLS towards the frontend; on by itself when a client certificate or an API key is configured.</summary>
    public bool? Tls { get; init; }

    public string? ClientCertFile { get; init; }

    public string? ClientKeyFile { get; init; }

    public string? ServerRootCaFile { get; init; }

    /// <summary>A visibility query narrowing the listing (Temporal's SQL-like list filter); empty lists every execution
    /// the namespace retains.</summary>
    public string Query { get; init; } = "";

    public int PageSize { get; init; } = 500;

    /// <summary>At most this many executions are read per scan; more is reported as <c>truncated</c>, never silently cut.</summary>
    public int MaxExecutions { get; init; } = 50_000;

    /// <summary>The history of this many recent executions per workflow type is read to learn what its activities call.</summary>
    public int HistoriesPerType { get; init; } = 1;

    /// <summary>At most this many history events are read per execution.</summary>
    public int MaxHistoryEvents { get; init; } = 5_000;

    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors.Add("name: required");
        }

        if (!IsHostAndPort(Address))
        {
            errors.Add("address: host:port of the Temporal frontend (for example temporal-frontend:7233)");
        }

        if (string.IsNullOrWhiteSpace(Namespace))
        {
            errors.Add("namespace: required");
        }

        if (PageSize is < 1 or > 1000)
        {
            errors.Add("pageSize: 1 to 1000");
        }

        if (MaxExecutions < 1)
        {
            errors.Add("maxExecutions: at least 1");
        }

        if (HistoriesPerType is < 0 or > 20)
        {
            errors.Add("historiesPerType: 0 to 20");
        }

        if ((ClientCertFile is null) != (ClientKeyFile is null))
        {
            errors.Add("clientCertFile and clientKeyFile: both or neither");
        }

        return errors;
    }

    internal string? ApiKey(Func<string, string?> environment)
    {
        var fromEnv = environment(ApiKeyEnv);
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            return fromEnv.Trim();
        }

        return ApiKeyFile is not null && File.Exists(ApiKeyFile) ? File.ReadAllText(ApiKeyFile).Trim() : null;
    }

    private static bool IsHostAndPort(string? address)
    {
        if (string.IsNullOrWhiteSpace(address) || address.Contains("://", StringComparison.Ordinal))
        {
            return false;
        }

        var colon = address.LastIndexOf(':');
        return colon > 0 && int.TryParse(address.AsSpan(colon + 1), out var port) && port is > 0 and < 65536;
    }
}
