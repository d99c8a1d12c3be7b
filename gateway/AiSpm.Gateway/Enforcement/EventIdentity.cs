namespace AiSpm.Gateway.Enforcement;

/// <summary>
/// The client-supplied values of an exchange as events store them, bounded by <see cref="EventFields"/>. Built once per
/// exchange, and only when the exchange produces an event.
/// </summary>
internal sealed record EventIdentity(
    string? Model,
    string Route,
    string? KeyAlias,
    string? Team,
    string? User,
    string? EndUser,
    string? CallId,
    string? RequestId,
    string? TraceParent,
    string? AmznTraceId)
{
    public static EventIdentity From(ExchangeInfo exchange) => new(
        EventFields.Name(exchange.Model),
        EventFields.Name(exchange.Route)!,
        EventFields.Name(exchange.Identity.KeyAlias),
        EventFields.Name(exchange.Identity.Team),
        EventFields.Name(exchange.Identity.User),
        EventFields.Name(exchange.Identity.EndUser),
        EventFields.Id(exchange.Identity.CallId),
        EventFields.Id(exchange.Trace.RequestId),
        EventFields.TraceParent(exchange.Trace.TraceParent),
        EventFields.AmznTraceId(exchange.Trace.AmznTraceId));
}
