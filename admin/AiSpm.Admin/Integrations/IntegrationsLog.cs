namespace AiSpm.Admin.Integrations;

internal static partial class IntegrationsLog
{
    [LoggerMessage(EventId = 87, EventName = "GuardDutyPolled", Level = LogLevel.Information,
        Message = "GuardDuty poll read {Read} findings and stored {Stored} new ones")]
    public static partial void GuardDutyPolled(ILogger logger, int read, int stored);

    [LoggerMessage(EventId = 88, EventName = "GuardDutyPollFailed", Level = LogLevel.Error,
        Message = "GuardDuty poll failed; the next runs on schedule")]
    public static partial void GuardDutyPollFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 89, EventName = "GuardDutyAnswerRejected", Level = LogLevel.Warning,
        Message = "GuardDuty GetFindings answer from detector {DetectorId} in {Region} rejected: {Error}")]
    public static partial void GuardDutyAnswerRejected(ILogger logger, string region, string detectorId, string error);
}
