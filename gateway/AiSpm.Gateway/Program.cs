using AiSpm.Contracts;
using AiSpm.Detection;
using AiSpm.Gateway.Configuration;
using AiSpm.Gateway.Enforcement;
using AiSpm.Gateway.Forwarding;
using AiSpm.Gateway.Health;
using AiSpm.Gateway.Logging;
using AiSpm.Gateway.Metrics;
using AiSpm.Gateway.Routing;
using AiSpm.Gateway.RulePacks;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace AiSpm.Gateway;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        string? configPath = Environment.GetEnvironmentVariable("AISPM_GATEWAY_CONFIG");
        string? listen = null;
        var checkOnly = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--config" when i + 1 < args.Length:
                    configPath = args[++i];
                    break;
                case "--listen" when i + 1 < args.Length:
                    listen = args[++i];
                    break;
                case "--check":
                    checkOnly = true;
                    break;
                default:
                    await Console.Error.WriteLineAsync($"usage: AiSpm.Gateway [--config FILE] [--listen URL] [--check] (unknown argument '{args[i]}')").ConfigureAwait(false);
                    return 2;
            }
        }

        GatewayOptions options;
        GatewayPolicy? localPolicy;
        try
        {
            options = GatewayOptionsLoader.Load(configPath, listen);
            localPolicy = options.PolicyFile is null ? null : PolicyFileLoader.Load(options.PolicyFile);
        }
        catch (GatewayConfigurationException e)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 2;
        }
        catch (InvalidDataException e)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 2;
        }

        // A local policy's pack list applies from the first request; the admin's (cached or fetched) arrives later
        // and goes through the reloader like any other change.
        var packs = PackList.Normalize(localPolicy?.EnabledRulePacks);
        var baseline = new RulePackReloader.Baseline(RulesFingerprint.Compute(options.RulesDirectory), packs);
        Inspector inspector;
        try
        {
            inspector = Inspector.Load(RulePackReloader.InspectorOptionsFor(options, packs));
        }
        catch (Exception e)
        {
            // Start-up only: any failure to load the rules is reported in one line, never as a stack trace.
            await Console.Error.WriteLineAsync("gateway: cannot load detection rules: " + e.Message).ConfigureAwait(false);
            return 2;
        }

        if (checkOnly)
        {
            // Validates the configuration and compiles the rules (which fills the compiled-database cache), then exits.
            await Console.Out.WriteLineAsync($"ok: configuration valid; {inspector.Rules.Count} rules on {inspector.EngineName} (pack {inspector.PackVersion})").ConfigureAwait(false);
            inspector.Dispose();
            return 0;
        }

        WebApplication app;
        try
        {
            app = Build(options, inspector, localPolicy, baseline);
        }
        catch (InvalidDataException e)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 2;
        }

        await using var disposeApp = app;
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }

    private static WebApplication Build(GatewayOptions options, Inspector inspector, GatewayPolicy? localPolicy, RulePackReloader.Baseline baseline)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        // stdout carries only the "gateway: URL" announcement that scripts and tests read.
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.WebHost.UseUrls(options.Listen);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = null;
            k.Limits.RequestHeadersTimeout = TimeSpan.FromMilliseconds(options.Limits.RequestHeadersTimeoutMs);
            k.Limits.MaxRequestHeadersTotalSize = 64 * 1024;
        });

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton(new InspectorHolder(inspector));
        var policyState = new PolicyState(options.Mode);
        if (localPolicy is not null)
        {
            policyState.Apply(localPolicy);
        }

        services.AddSingleton(policyState);
        services.AddSingleton<UsageLimiter>();
        // Traffic is summarized only for an admin service to read; without one there is nobody to send it to.
        services.AddSingleton(new Traffic.TrafficRecorder(TimeProvider.System, enabled: options.Admin is not null));
        services.AddSingleton(new ModelRouter(options));
        var gatewayId = GatewayId();
        AdminIntegration.AddEventsAndPolicy(services, options, gatewayId);
        services.AddSingleton(sp => new VerdictEvaluator(
            sp.GetRequiredService<PolicyState>(),
            sp.GetRequiredService<IDetectionEventSink>(),
            sp.GetRequiredService<GatewayMetrics>(),
            options.RedactInsteadOfBlock,
            gatewayId));
        services.AddSingleton<Inspection.InspectionStep>();
        services.AddSingleton<RequestAdmission>();
        services.AddSingleton<UpstreamForwarder>();
        services.AddSingleton<ResponseRelay>();
        services.AddSingleton<ProxyHandler>();
        services.AddSingleton(sp => new RulePackReloader(
            options,
            sp.GetRequiredService<InspectorHolder>(),
            sp.GetRequiredService<PolicyState>(),
            sp.GetRequiredService<GatewayMetrics>(),
            sp.GetRequiredService<ILoggerFactory>(),
            baseline));
        services.AddHostedService(sp => sp.GetRequiredService<RulePackReloader>());
        services.AddSingleton<OperationalEndpoints>();
        services.AddSingleton<Guardrail.GuardrailEndpoint>();
        if (options.Bedrock is not null)
        {
            services.AddSingleton(sp => new Bedrock.BedrockHandler(
                options,
                sp.GetRequiredService<InspectorHolder>(),
                sp.GetRequiredService<Inspection.InspectionStep>(),
                sp.GetRequiredService<RequestAdmission>(),
                sp.GetRequiredService<VerdictEvaluator>(),
                sp.GetRequiredService<PolicyState>(),
                sp.GetRequiredService<UsageLimiter>(),
                sp.GetRequiredService<GatewayMetrics>(),
                sp.GetRequiredService<IDetectionEventSink>(),
                sp.GetRequiredService<ILogger<Bedrock.BedrockHandler>>(),
                gatewayId));
        }

        var app = builder.Build();
        AdminIntegration.Start(app.Services);
        app.Services.GetRequiredService<RulePackReloader>().ReportUnknownPacks(baseline.Packs, inspector.AvailablePacks);
        var proxy = app.Services.GetRequiredService<ProxyHandler>();
        var operational = app.Services.GetRequiredService<OperationalEndpoints>();
        var guardrail = app.Services.GetRequiredService<Guardrail.GuardrailEndpoint>();
        var bedrock = app.Services.GetService<Bedrock.BedrockHandler>();
        var openAiConfigured = options.Upstreams.Count > 0;
        app.Run(context =>
        {
            var path = context.Request.Path;
            if (path.StartsWithSegments("/v1"))
            {
                return openAiConfigured ? proxy.HandleAsync(context) : Errors.ErrorWriter.WriteAsync(context, Errors.GatewayError.OpenAiNotConfigured);
            }

            if (path == Guardrail.GuardrailEndpoint.Path)
            {
                return guardrail.HandleAsync(context);
            }

            if (bedrock is not null && Bedrock.BedrockHandler.Handles(path))
            {
                return bedrock.HandleAsync(context);
            }

            if (OperationalEndpoints.Handles(path))
            {
                return operational.HandleAsync(context);
            }

            context.Response.StatusCode = 404;
            return Errors.ErrorWriter.WriteAsync(context, Errors.GatewayError.PathRefused);
        });

        app.Lifetime.ApplicationStarted.Register(() => Announce(app, options, inspector));
        return app;
    }

    private static void Announce(WebApplication app, GatewayOptions options, Inspector inspector)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var address = addresses is { Count: > 0 } ? addresses.First() : options.Listen;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AiSpm.Gateway");
        Log.Listening(logger, address, options.Mode, inspector.EngineName, inspector.Rules.Count, inspector.PackVersion);
        Console.Out.WriteLine("gateway: " + address);
        Console.Out.Flush();
    }

    private static string GatewayId() =>
        Environment.GetEnvironmentVariable("AISPM_GATEWAY_ID") ?? Environment.MachineName + "-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
