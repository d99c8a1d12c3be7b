using AiSpm.Contracts;

namespace AiSpm.Gateway.Enforcement;

/// <summary>The policy in force, swapped atomically when the admin service sends a new one.</summary>
internal sealed class PolicyState(string configuredMode)
{
    private GatewayPolicy _current = GatewayPolicy.Default;

    public string ConfiguredMode { get; } = configuredMode.ToLowerInvariant();

    public GatewayPolicy Current => Volatile.Read(ref _current);

    /// <summary>Raised after a policy is applied, on the applying thread; the rule-pack reloader follows EnabledRulePacks.</summary>
    public event Action<GatewayPolicy>? Changed;

    public void Apply(GatewayPolicy policy)
    {
        Volatile.Write(ref _current, policy);
        Changed?.Invoke(policy);
    }

    public bool IsEnforcing(string route, RequestIdentity identity, string? model) =>
        Current.ResolveMode(route, identity.KeyAlias, identity.Team, model, ConfiguredMode) == PolicyMode.Enforce;
}
