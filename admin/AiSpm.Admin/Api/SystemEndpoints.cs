using System.Reflection;
using System.Security.Cryptography;
using AiSpm.Admin.Auth;
using AiSpm.Admin.Hosting;
using AiSpm.Admin.Storage;

namespace AiSpm.Admin.Api;

/// <summary>Health (anonymous) and the list of loaded plugins.</summary>
internal static class SystemEndpoints
{
    public static readonly string Version =
        typeof(SystemEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public static void MapHealth(this IEndpointRouteBuilder app) =>
        app.MapGet("/spm/health", HealthAsync).AllowAnonymous().Produces<HealthResponse>().Produces<HealthResponse>(503);

    public static void MapPlugins(this RouteGroupBuilder api) =>
        api.MapGet("/plugins", Plugins)
            .RequireAuthorization(Roles.CanRead)
            .Produces<PluginsResponse>()
            .WithSummary("Every loaded detector, rule pack, scanner, sink and store with its version.");

    private static async Task<IResult> HealthAsync(IAdminStore store, CancellationToken ct)
    {
        try
        {
            await store.GetPolicyAsync(ct);
            return TypedResults.Ok(new HealthResponse("ok", store.Name, Version));
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            return TypedResults.Json(new HealthResponse("storage_unavailable", store.Name, Version), statusCode: 503);
        }
    }

    private static IResult Plugins(IAdminStore store, AdminSettings settings)
    {
        var items = new List<PluginInfo>
        {
            new("store", store.Name, Version, store.Name == "sqlite" ? settings.Storage.DataDirectory : settings.Storage.Environment),
            new("correlator", "findings-rollup", Version, "window " + settings.Correlation.Window),
            new("sink", "live-feed-sse", Version, "/spm/api/stream/events"),
            new("auth", settings.Auth.Mode, Version, settings.Auth.Mode == AuthSettings.Oidc ? settings.Auth.Authority : null),
        };
        if (settings.RulesDirectory is { } dir && Directory.Exists(dir))
        {
            foreach (var file in Directory.EnumerateFiles(dir, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                // The version of a rule pack is its content hash: it changes exactly when the rules do.
                using var stream = File.OpenRead(file);
                var hash = Convert.ToHexStringLower(SHA256.HashData(stream))[..12];
                items.Add(new PluginInfo("rule-pack", Path.GetRelativePath(dir, file), hash, null));
            }
        }

        return TypedResults.Ok(new PluginsResponse(items));
    }
}
