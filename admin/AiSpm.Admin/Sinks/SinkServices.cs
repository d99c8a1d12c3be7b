using AiSpm.Admin.Storage;
using AiSpm.Admin.Storage.Outbox;

namespace AiSpm.Admin.Sinks;

/// <summary>Registers the sinks, the outbox view of the store and the delivery worker.</summary>
internal static class SinkServices
{
    public static IServiceCollection AddSinks(this IServiceCollection services, SinksSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton(new SinkRouter(settings));
        // Both stores implement the outbox beside the findings, so the change and its deliveries share one write.
        services.AddSingleton(sp => (IOutboxStore)sp.GetRequiredService<IAdminStore>());
        services.AddHttpClient(SinkWorker.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHostedService<SinkWorker>();
        return services;
    }
}
