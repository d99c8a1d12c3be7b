namespace AiSpm.Admin.Hosting;

/// <summary>
/// Variables a component's configuration sets (an <c>environment</c> section), over the process environment: how
/// discovery, the Guardian and the GuardDuty poller are pointed at an endpoint or given keys without moving the admin's
/// own clients.
/// </summary>
internal static class ScopedEnvironment
{
    public static Func<string, string?> Over(IReadOnlyDictionary<string, string> values) =>
        name => values.TryGetValue(name, out var v) ? v : Environment.GetEnvironmentVariable(name);
}
