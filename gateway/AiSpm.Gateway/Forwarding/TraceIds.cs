namespace AiSpm.Gateway.Forwarding;

internal readonly record struct TraceIds(string RequestId, string TraceParent, string AmznTraceId);
