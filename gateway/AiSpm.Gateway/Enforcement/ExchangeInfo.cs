using AiSpm.Gateway.Forwarding;

namespace AiSpm.Gateway.Enforcement;

/// <summary>What an event needs to know about the exchange it came from. Built once per inspected request.</summary>
internal sealed record ExchangeInfo(string Route, string? Model, bool Enforce, RequestIdentity Identity, TraceIds Trace);
