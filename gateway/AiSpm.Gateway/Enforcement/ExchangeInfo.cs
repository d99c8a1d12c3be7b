
namespace AiSpm.Gateway.Enforcement;

/// <summary>What an event needs to know about the exchange it came from. Built once per inspected request.</summary>
internal sealed record ExchangeInfo(string Route, string? Model, bool Enforce, RequestIdentity Identity, TraceIds Trace)
{
    private EventIdentity? _forEvents;

    /// <summary>
    /// The bounded values events store, computed on the first event: an exchange without findings never pays for it.
    /// Two threads racing here compute the same value, so the benign race needs no lock.
    /// </summary>
    public EventIdentity ForEvents => _forEvents ??= EventIdentity.From(this);
}
