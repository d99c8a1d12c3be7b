using Microsoft.Extensions.Configuration;

namespace AiSpm.Gateway.Configuration;

/// <summary>Reads the JSON file and AISPM_GATEWAY__* environment overrides, resolves relative paths, validates.</summary>
internal static class GatewayOptionsLoader
{
    public const string EnvironmentPrefix = "AISPM_GATEWAY__";

    public static GatewayOptions Load(string? configPath, string? listenOverride)
    {
        var builder = new ConfigurationBuilder();
        var baseDirectory = Directory.GetCurrentDirectory();
        if (configPath is not null)
        {
            var fullPath = Path.GetFullPath(configPath);
            if (!File.Exists(fullPath))
            {
                throw new GatewayConfigurationException([$"config: file '{fullPath}' does not exist"]);
            }

            baseDirectory = Path.GetDirectoryName(fullPath)!;
            builder.AddJsonFile(fullPath, optional: false, reloadOnChange: false);
        }

        builder.AddEnvironmentVariables(EnvironmentPrefix);
        IConfigurationRoot root;
        try
        {
            root = builder.Build();
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or IOException)
        {
            throw new GatewayConfigurationException([$"config: {e.Message}"]);
        }

        GatewayOptions options;
        try
        {
            options = root.Get<GatewayOptions>(o => o.ErrorOnUnknownConfiguration = true) ?? new GatewayOptions();
        }
        catch (InvalidOperationException e)
        {
            throw new GatewayConfigurationException([$"config: {e.Message}"]);
        }

        var listen = listenOverride ?? options.Listen;
        options = options with
        {
            Listen = listen,
            IdentityHeaders = options.IdentityHeaders ?? DefaultIdentityHeaders(listen),
            RulesDirectory = Resolve(baseDirectory, options.RulesDirectory),
            ScorerPath = options.ScorerPath is null ? null : Resolve(baseDirectory, options.ScorerPath),
            PolicyFile = options.PolicyFile is null ? null : Resolve(baseDirectory, options.PolicyFile),
            Upstreams = ResolveUpstreams(baseDirectory, options.Upstreams),
            Admin = options.Admin is null ? null : options.Admin with { SpoolDirectory = Resolve(baseDirectory, options.Admin.SpoolDirectory) },
        };

        var errors = GatewayOptionsValidator.Validate(options);
        return errors.Count > 0 ? throw new GatewayConfigurationException(errors) : options;
    }

    /// <summary>A client that can reach the gateway directly must not pick its own policy: headers are believed by default only on loopback.</summary>
    internal static string DefaultIdentityHeaders(string listen) => ListenAddress.IsLoopback(listen) ? "trusted" : "ignored";

    private static Dictionary<string, UpstreamOptions> ResolveUpstreams(string baseDirectory, Dictionary<string, UpstreamOptions> upstreams)
    {
        var resolved = new Dictionary<string, UpstreamOptions>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, upstream) in upstreams)
        {
            resolved[name] = upstream.CaFile is null ? upstream : upstream with { CaFile = Resolve(baseDirectory, upstream.CaFile) };
        }

        return resolved;
    }

    private static string Resolve(string baseDirectory, string path) =>
        string.IsNullOrEmpty(path) || Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(baseDirectory, path));
}
