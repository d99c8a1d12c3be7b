using AiSpm.Admin.Storage;
using AiSpm.Admin.Storage.Dynamo;
using AiSpm.Admin.Storage.Sqlite;

namespace AiSpm.Admin.Guardian;

/// <summary>Registers the Guardian: its store beside the admin store, its actuators, the service and its schedule.</summary>
internal static class GuardianServices
{
    public static IServiceCollection AddGuardian(this IServiceCollection services, GuardianSettings settings, StoreOptions storage)
    {
        services.AddSingleton(settings);
        services.AddSingleton<IGuardianStore>(sp => storage.Provider == "dynamodb"
            ? new DynamoGuardianStore(storage)
            : new SqliteGuardianStore(storage, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IGuardianActuator, GatewayPolicyActuator>();
        if (settings.LiteLlmUrl is not null)
        {
            services.AddHttpClient(LiteLlmKeyActuator.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
            services.AddSingleton<IGuardianActuator, LiteLlmKeyActuator>();
        }

        if (settings.BedrockRegion is not null)
        {
            services.AddHttpClient(GuardianAws.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
            services.AddSingleton<GuardianAws>();
            services.AddSingleton<IGuardianActuator, BedrockGuardrailActuator>();
            if (settings.AgentGuardrailIdentifier is not null)
            {
                services.AddSingleton<IGuardianActuator, BedrockAgentGuardrailActuator>();
            }
        }

        if (settings.TemporalAddress is not null)
        {
            services.AddSingleton<IGuardianActuator, TemporalQuarantineActuator>();
        }

        services.AddSingleton<GuardianService>();
        services.AddHostedService<GuardianScheduler>();
        return services;
    }
}
