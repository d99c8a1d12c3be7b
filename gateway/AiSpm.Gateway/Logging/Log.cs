namespace AiSpm.Gateway.Logging;

/// <summary>Source-generated log messages. Never a secret or a prompt: rule ids, routes and error kinds only.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "GatewayListening", Level = LogLevel.Information, Message = "gateway listening on {Address}; mode {Mode}; engine {Engine}; rules {RuleCount} (pack {PackVersion})")]
    public static partial void Listening(ILogger logger, string address, string mode, string engine, int ruleCount, string packVersion);

    [LoggerMessage(EventId = 2, EventName = "UpstreamFailed", Level = LogLevel.Warning, Message = "upstream {Upstream} failed for {Route}: {Kind}")]
    public static partial void UpstreamFailed(ILogger logger, string upstream, string route, string kind, Exception? exception);

    [LoggerMessage(EventId = 3, EventName = "InspectionFailed", Level = LogLevel.Error, Message = "inspection failed on {Route} ({Phase}); fail mode {FailMode}")]
    public static partial void InspectionFailed(ILogger logger, string route, string phase, string failMode, Exception exception);

    [LoggerMessage(EventId = 4, EventName = "Blocked", Level = LogLevel.Information, Message = "blocked {Phase} on {Route}: rule {RuleId} ({Category}), request {RequestId}")]
    public static partial void Blocked(ILogger logger, string phase, string route, string ruleId, string category, string requestId);

    [LoggerMessage(EventId = 5, EventName = "UnhandledError", Level = LogLevel.Error, Message = "unhandled error on {Route}")]
    public static partial void Unhandled(ILogger logger, string route, Exception exception);

    [LoggerMessage(EventId = 6, EventName = "StreamEndedWithError", Level = LogLevel.Warning, Message = "stream on {Route} from {Upstream} ended with {Code}")]
    public static partial void StreamEndedWithError(ILogger logger, string route, string upstream, string code);
}
