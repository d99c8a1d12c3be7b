using AiSpm.Contracts;
using AiSpm.Gateway.Configuration;
using AiSpm.Gateway.Enforcement;
using AiSpm.Gateway.Events;
using AiSpm.Gateway.Metrics;
using AiSpm.Gateway.Policy;

namespace AiSpm.Gateway;

/// <summary>
/// Connects the gateway to the admin service when one is configured: detections go through the lossless hand-off,
/// and the policy follows the admin's. Without an admin, events are logged and the local policy file rules.
/// </summary>
internal static class AdminIntegration
{
    public static void AddEventsAndPolicy(IServiceCollection services, GatewayOptions options, string gatewayId)
    {
        if (options.Admin is not { } admin)
        {
            services.AddSingleton<IDetectionEventSink, LoggingEventSink>();
            return;
        }

        var baseUrl = new Uri(admin.BaseUrl);
        var token = ReadToken(admin);
        services.AddSingleton(sp => EventHandoff.Start(
            new HandoffOptions
            {
                AdminBaseUrl = baseUrl,
                Token = token,
                GatewayId = gatewayId,
                SpoolDirectory = admin.SpoolDirectory,
                SpoolMaxBytes = admin.SpoolMaxBytes,
            },
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<IDetectionEventSink>(sp => sp.GetRequiredService<EventHandoff>());
        services.AddSingleton(sp => new Traffic.TrafficReporter(
            sp.GetRequiredService<Traffic.TrafficRecorder>(), baseUrl, token, gatewayId, sp.GetRequiredService<ILogger<Traffic.TrafficReporter>>()));
        services.AddHostedService(sp => sp.GetRequiredService<Traffic.TrafficReporter>());
        services.AddSingleton(sp => PolicyClient.Start(
            new PolicyClientOptions
            {
                AdminBaseUrl = baseUrl,
                Token = token,
                CacheFile = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(admin.SpoolDirectory.TrimEnd(Path.DirectorySeparatorChar))) ?? ".", "policy.last-good.json"),
            },
            sp.GetRequiredService<ILoggerFactory>()));
    }

    /// <summary>Starts the hand-off and policy pull (when configured) and exports their counters.</summary>
    public static void Start(IServiceProvider services)
    {
        var metrics = services.GetRequiredService<GatewayMetrics>();
        if (services.GetService<EventHandoff>() is { } handoff)
        {
            metrics.AddCollector(w => WriteHandoff(w, handoff));
        }

        if (services.GetService<Traffic.TrafficReporter>() is { } traffic)
        {
            metrics.AddCollector(w =>
            {
                w.Header("aispm_gateway_traffic_summaries_sent_total", "counter", "Per-minute traffic summaries the admin service took.");
                w.Sample("aispm_gateway_traffic_summaries_sent_total", traffic.Sent);
                w.Header("aispm_gateway_traffic_summaries_dropped_total", "counter", "Traffic summaries let go past the pending cap (should stay 0).");
                w.Sample("aispm_gateway_traffic_summaries_dropped_total", traffic.Dropped);
            });
        }

        if (services.GetService<PolicyClient>() is { } client)
        {
            var state = services.GetRequiredService<PolicyState>();
            state.Apply(client.Current);
            client.Changed += state.Apply;
            metrics.AddCollector(w =>
            {
                w.Header("aispm_gateway_policy_polls_total", "counter", "Policy polls made to the admin service.");
                w.Sample("aispm_gateway_policy_polls_total", client.Polls);
                w.Header("aispm_gateway_policy_updates_total", "counter", "Policy versions applied.");
                w.Sample("aispm_gateway_policy_updates_total", client.Updates);
                w.Header("aispm_gateway_policy_failures_total", "counter", "Policy polls that failed.");
                w.Sample("aispm_gateway_policy_failures_total", client.Failures);
            });
        }
    }

    private static void WriteHandoff(PrometheusTextWriter w, EventHandoff handoff)
    {
        Counter(w, "emitted", "Detection events handed off by the request path.", handoff.Emitted);
        Counter(w, "delivered", "Events the admin service acknowledged.", handoff.Delivered);
        Counter(w, "spooled", "Events written to the on-disk spool.", handoff.Spooled);
        Counter(w, "replayed", "Spooled events delivered later.", handoff.Replayed);
        Counter(w, "dropped", "Events lost because the spool was full (should stay 0).", handoff.Dropped);
        Counter(w, "rejected", "Events the admin service refused as invalid.", handoff.Rejected);
        w.Header("aispm_gateway_events_spool_bytes", "gauge", "Bytes waiting in the spool.");
        w.Sample("aispm_gateway_events_spool_bytes", handoff.SpoolBytes);
    }

    private static void Counter(PrometheusTextWriter w, string name, string help, long value)
    {
        var metric = "aispm_gateway_events_" + name + "_total";
        w.Header(metric, "counter", help);
        w.Sample(metric, value);
    }

    private static string? ReadToken(AdminOptions admin)
    {
        if (admin.TokenEnv is { } env)
        {
            return Environment.GetEnvironmentVariable(env) is { Length: > 0 } value
                ? value
                : throw new InvalidDataException($"admin.tokenEnv: environment variable '{env}' is not set");
        }

        return admin.TokenFile is { } file ? File.ReadAllText(file).Trim() : null;
    }
}
