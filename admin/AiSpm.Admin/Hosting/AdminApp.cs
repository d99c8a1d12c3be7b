using AiSpm.Admin.Api;
using AiSpm.Admin.Auth;
using AiSpm.Admin.Correlation;
using AiSpm.Admin.Dashboard;
using AiSpm.Admin.Discovery;
using AiSpm.Admin.Guardian;
using AiSpm.Admin.Integrations;
using AiSpm.Admin.Json;
using AiSpm.Admin.Live;
using AiSpm.Admin.Posture;
using AiSpm.Admin.RedTeam;
using AiSpm.Admin.Sinks;
using AiSpm.Admin.Storage;
using AiSpm.Admin.Storage.Assets;
using AiSpm.Admin.Storage.Dynamo;
using AiSpm.Admin.Storage.Outbox;
using AiSpm.Admin.Storage.Posture;
using AiSpm.Admin.Storage.RedTeam;
using AiSpm.Admin.Storage.Sqlite;
using AiSpm.Admin.Storage.Traffic;
using AiSpm.Admin.Storage.Views;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Scalar.AspNetCore;

namespace AiSpm.Admin.Hosting;

/// <summary>Builds and starts the admin service; shared by Program and the in-process tests.</summary>
internal static partial class AdminApp
{
    public const string EnvironmentPrefix = "AISPM_ADMIN__";

    public static WebApplication Build(string[] args, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        args = NormalizeArgs(args);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = Directory.GetCurrentDirectory() });
        var configFile = builder.Configuration["config"];
        if (configFile is not null)
        {
            builder.Configuration.AddJsonFile(Path.GetFullPath(configFile), optional: false, reloadOnChange: false);
        }

        builder.Configuration.AddEnvironmentVariables(EnvironmentPrefix);
        if (Environment.GetEnvironmentVariable("AISPM_ADMIN_GATEWAY_TOKEN") is { Length: > 0 } gatewayToken
            && builder.Configuration["auth:gatewayToken"] is null)
        {
            // The name ./aispm up shares with the gateway (whose config points tokenEnv at it).
            builder.Configuration.AddInMemoryCollection([new("auth:gatewayToken", gatewayToken)]);
        }

        builder.Configuration.AddCommandLine(args);
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        // stdout carries only the lines scripts read (admin: URL, admin-token: JWT); logs go to stderr.
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        var contentRoot = configFile is null ? builder.Environment.ContentRootPath : Path.GetDirectoryName(Path.GetFullPath(configFile))!;
        var settings = AdminSettings.From(builder.Configuration, contentRoot);
        var sinks = SinksSettings.From(builder.Configuration, Environment.GetEnvironmentVariable);
        if (settings.RulesDirectory is not null)
        {
            settings = settings with { RulesDirectory = Path.GetFullPath(settings.RulesDirectory, contentRoot) };
        }
        else if (Directory.Exists(Path.Combine(contentRoot, "config", "rules")))
        {
            // Started from the repository (./aispm up): list the rule packs the gateways load.
            settings = settings with { RulesDirectory = Path.Combine(contentRoot, "config", "rules") };
        }

        builder.WebHost.UseUrls(settings.Listen);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = settings.MaxBodyBytes);

        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new Correlator(settings.Correlation));
        services.AddSingleton<EventBroadcaster>();
        services.AddSingleton<LiveFeedLimiter>();
        services.AddSingleton<IAdminStore>(sp => settings.Storage.Provider == "dynamodb"
            ? new DynamoAdminStore(settings.Storage, sp.GetRequiredService<Correlator>(), sp.GetRequiredService<ILogger<DynamoAdminStore>>()) { Sinks = sp.GetRequiredService<SinkRouter>() }
            : new SqliteAdminStore(settings.Storage, sp.GetRequiredService<Correlator>(), sp.GetRequiredService<TimeProvider>()) { Sinks = sp.GetRequiredService<SinkRouter>() });
        services.AddHostedService<RetentionService>();
        services.AddSinks(sinks);
        AddDiscovery(services, settings.Storage, builder.Configuration);
        services.AddGuardian(GuardianSettings.From(builder.Configuration.GetSection("guardian"), Environment.GetEnvironmentVariable), settings.Storage);
        AddPosture(services, settings.Storage, builder.Configuration, contentRoot);
        var guardDutyPoll = GuardDutyPollSettings.From(builder.Configuration.GetSection("integrations:guardduty:poll"));
        services.AddSingleton(guardDutyPoll);
        if (guardDutyPoll.Enabled)
        {
            services.AddHttpClient(GuardDutyPoller.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
            services.AddSingleton<GuardDutyPoller>();
            services.AddHostedService(sp => sp.GetRequiredService<GuardDutyPoller>());
        }

        AddRedTeam(services, settings.Storage, builder.Configuration, contentRoot);
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, AdminJsonContext.Default);
            o.SerializerOptions.TypeInfoResolverChain.Insert(1, SinksJsonContext.Default);
            o.SerializerOptions.TypeInfoResolverChain.Insert(2, AssetApiJsonContext.Default);
            o.SerializerOptions.TypeInfoResolverChain.Insert(3, GuardianJsonContext.Default);
            o.SerializerOptions.TypeInfoResolverChain.Insert(4, TrafficApiJsonContext.Default);
            o.SerializerOptions.TypeInfoResolverChain.Insert(5, PostureApiJsonContext.Default);
            o.SerializerOptions.TypeInfoResolverChain.Insert(6, RedTeamApiJsonContext.Default);
            // A context's own converters do not travel with it into these options.
            o.SerializerOptions.Converters.Add(new ChangeKindJsonConverter());
            o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
        });
        services.AddProblemDetails();
        services.AddOpenApi("v1");
        services.AddCors(o => o.AddDefaultPolicy(p =>
        {
            if (settings.CorsOrigins.Length > 0)
            {
                p.WithOrigins(settings.CorsOrigins).AllowAnyHeader().WithMethods("GET", "POST", "PUT", "PATCH").WithExposedHeaders("ETag");
            }
        }));
        var localToken = services.AddAdminAuth(settings.Auth, TimeProvider.System);
        services.AddSingleton(new LocalToken(localToken));
        services.AddDashboard(builder.Configuration, contentRoot);

        var app = builder.Build();
        if (settings.Auth.Mode == AuthSettings.Off)
        {
            app.UseMiddleware<LoopbackHostFilter>();
        }

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseCors();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapHealth();
        var api = app.MapGroup("/spm/api");
        api.MapEvents();
        api.MapFindings();
        api.MapInventory();
        api.MapAssets();
        api.MapDiscovery();
        api.MapTraffic();
        api.MapPosture();
        api.MapPolicy();
        api.MapPlugins();
        api.MapSinks();
        api.MapGuardian();
        api.MapGuardDuty();
        api.MapRedTeam();
        app.MapDashboard(api);
        app.MapOpenApi("/spm/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/spm/docs", o => o.WithOpenApiRoutePattern("/spm/openapi/{documentName}.json")).AllowAnonymous();
        return app;
    }

    /// <summary>The asset store beside the admin store, and discovery (section "discovery", validated here so a bad
    /// connector stops start-up like any other bad setting).</summary>
    private static void AddDiscovery(IServiceCollection services, StoreOptions storage, IConfiguration configuration)
    {
        var discovery = DiscoverySettings.From(configuration.GetSection("discovery"));
        services.AddSingleton(discovery);
        services.AddSingleton<IAssetStore>(sp => storage.Provider == "dynamodb"
            ? new DynamoAssetStore(storage)
            : new SqliteAssetStore(storage, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ITrafficStore>(sp => storage.Provider == "dynamodb"
            ? new DynamoTrafficStore(storage)
            : new SqliteTrafficStore(storage, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ConnectorFactory(discovery));
        services.AddSingleton(sp => new DiscoveryRunner(
            sp.GetRequiredService<IAssetStore>(),
            sp.GetRequiredService<ConnectorFactory>(),
            discovery,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DiscoveryRunner>>(),
            sp.GetRequiredService<PostureService>()));
        services.AddSingleton(sp => new RuntimeInventory(
            sp.GetRequiredService<IAssetStore>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<PostureService>()));
        services.AddHostedService<DiscoveryService>();
    }

    /// <summary>Posture (section "posture"): the built-in controls, custom ones in the store, evaluation after scans.</summary>
    private static void AddPosture(IServiceCollection services, StoreOptions storage, IConfiguration configuration, string contentRoot)
    {
        var posture = PostureSettings.From(configuration.GetSection("posture"), contentRoot);
        services.AddSingleton(posture);
        services.AddSingleton<IPostureStore>(sp => storage.Provider == "dynamodb"
            ? new DynamoPostureStore(storage)
            : new SqlitePostureStore(storage, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ControlSet>();
        services.AddSingleton<PostureService>();
        services.AddSingleton<BehaviourSignal>();
        services.AddHostedService<PostureBackgroundService>();
    }

    /// <summary>Red team (section "redteam"): runs of labelled corpora through the detector stack or a gateway.</summary>
    private static void AddRedTeam(IServiceCollection services, StoreOptions storage, IConfiguration configuration, string contentRoot)
    {
        services.AddSingleton(RedTeamSettings.From(configuration.GetSection("redteam"), contentRoot));
        services.AddSingleton<IRedTeamStore>(sp => storage.Provider == "dynamodb"
            ? new DynamoRedTeamStore(storage)
            : new SqliteRedTeamStore(storage, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<RedTeamService>();
    }

    /// <summary>Short flags for scripts: <c>--local</c> (local auth), <c>--no-auth</c>, <c>--data DIR</c>.</summary>
    internal static string[] NormalizeArgs(string[] args)
    {
        var result = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--local":
                    result.Add("--auth:mode=local");
                    break;
                case "--no-auth":
                    result.Add("--auth:mode=off");
                    break;
                case "--data" when i + 1 < args.Length:
                    result.Add("--storage:dataDirectory=" + args[++i]);
                    break;
                default:
                    result.Add(args[i]);
                    break;
            }
        }

        return [.. result];
    }

    /// <summary>Prepares storage, starts listening, and prints the lines scripts and tests read from stdout.</summary>
    public static async Task<Uri> StartAsync(WebApplication app, TextWriter? stdout, CancellationToken cancellationToken = default)
    {
        var settings = app.Services.GetRequiredService<AdminSettings>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AiSpm.Admin");
        if (settings.Auth.Mode == AuthSettings.Off)
        {
            Log.AuthOff(logger);
        }
        else if (settings.Auth.Mode == AuthSettings.Local)
        {
            Log.AuthLocal(logger);
        }

        if (settings.Auth.GatewayToken is null)
        {
            Log.NoGatewayToken(logger);
        }

        await app.Services.GetRequiredService<IAdminStore>().InitializeAsync(cancellationToken);
        await app.Services.GetRequiredService<IAssetStore>().InitializeAsync(cancellationToken);
        await app.Services.GetRequiredService<IGuardianStore>().InitializeAsync(cancellationToken);
        await app.Services.GetRequiredService<ITrafficStore>().InitializeAsync(cancellationToken);
        await app.Services.GetRequiredService<IPostureStore>().InitializeAsync(cancellationToken);
        await app.Services.GetRequiredService<IRedTeamStore>().InitializeAsync(cancellationToken);
        await app.Services.GetRequiredService<ISavedViewStore>().InitializeAsync(cancellationToken);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var uri = new Uri(address.Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal).Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal));
        if (stdout is not null)
        {
            if (app.Services.GetRequiredService<LocalToken>().Value is { } token)
            {
                await stdout.WriteLineAsync("admin-token: " + token);
            }

            await stdout.WriteLineAsync("admin: " + uri.GetLeftPart(UriPartial.Authority));
            await stdout.FlushAsync(cancellationToken);
        }

        return uri;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, EventName = "AuthOff", Level = LogLevel.Warning,
            Message = "AUTHENTICATION IS OFF (auth:mode=off): anyone who can reach this port is an admin. Use only on a trusted machine.")]
        public static partial void AuthOff(ILogger logger);

        [LoggerMessage(EventId = 2, EventName = "AuthLocal", Level = LogLevel.Warning,
            Message = "LOCAL AUTH MODE (auth:mode=local): tokens are signed by a key generated at start; the admin token is printed on stdout. Not for production.")]
        public static partial void AuthLocal(ILogger logger);

        [LoggerMessage(EventId = 3, EventName = "NoGatewayToken", Level = LogLevel.Warning,
            Message = "auth:gatewayToken is not set: gateways cannot authenticate to events:batch and policies with a static token.")]
        public static partial void NoGatewayToken(ILogger logger);
    }
}
