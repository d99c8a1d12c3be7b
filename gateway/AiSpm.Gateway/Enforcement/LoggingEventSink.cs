using AiSpm.Contracts;

namespace AiSpm.Gateway.Enforcement;

/// <summary>
/// The sink when no admin service is configured: every event becomes one structured log line (evidence is already
/// redacted), so a standalone gateway still records what it saw.
/// </summary>
internal sealed partial class LoggingEventSink(ILogger<LoggingEventSink> logger) : IDetectionEventSink
{
    public bool TryEmit(DetectionEvent e)
    {
        LogDetection(logger, e.Action, e.RuleId, e.Category, e.Severity, e.Phase, e.Route, e.Model, e.KeyAlias, e.RequestId, e.EventId);
        return true;
    }

    [LoggerMessage(EventId = 100, EventName = "Detection", Level = LogLevel.Warning, Message = "detection {Action} rule={RuleId} category={Category} severity={Severity} phase={Phase} route={Route} model={Model} key={Key} request={RequestId} event={EventId}")]
    private static partial void LogDetection(ILogger logger, string action, string ruleId, string category, string severity, string phase, string? route, string? model, string? key, string? requestId, string eventId);
}
