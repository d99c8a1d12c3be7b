using System.Text.Json;
using AiSpm.Contracts;

namespace AiSpm.Gateway.Enforcement;

/// <summary>Reads a local policy document; a malformed one stops start-up with the file and the problem named.</summary>
internal static class PolicyFileLoader
{
    public static GatewayPolicy Load(string path)
    {
        try
        {
            var policy = JsonSerializer.Deserialize(File.ReadAllBytes(path), ContractsJsonContext.Default.GatewayPolicy)
                ?? throw new InvalidDataException($"policyFile: '{path}' is empty");
            foreach (var o in policy.ModeOverrides)
            {
                if (!PolicyMode.IsMode(o.Mode))
                {
                    throw new InvalidDataException($"policyFile: '{path}': modeOverrides mode '{o.Mode}' is not monitor or enforce");
                }
            }

            foreach (var r in policy.RateLimits)
            {
                if (!LimitScope.IsScope(r.Scope) || r.RequestsPerMinute <= 0)
                {
                    throw new InvalidDataException($"policyFile: '{path}': rateLimits entry needs scope key|team|model and requestsPerMinute > 0");
                }
            }

            return policy;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"policyFile: '{path}': {e.Message}", e);
        }
    }
}
