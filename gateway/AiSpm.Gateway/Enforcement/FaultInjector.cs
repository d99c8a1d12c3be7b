using AiSpm.Gateway.Configuration;

namespace AiSpm.Gateway.Enforcement;

/// <summary>Throws on a configured fraction of inspections; see <see cref="FaultInjectionOptions"/>.</summary>
internal sealed class FaultInjector(FaultInjectionOptions options)
{
    public bool Enabled { get; } = options.InspectionFailureRate > 0;

    public void BeforeInspection()
    {
        if (Enabled && Random.Shared.NextDouble() < options.InspectionFailureRate)
        {
            throw new InjectedFaultException();
        }
    }

    internal sealed class InjectedFaultException() : Exception("fault injected by faultInjection.inspectionFailureRate");
}
