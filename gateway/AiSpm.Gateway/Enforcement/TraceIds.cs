namespace AiSpm.Gateway.Enforcement;

internal readonly record struct TraceIds(string RequestId, string TraceParent, string AmznTraceId);
