namespace AiSpm.Admin.Guardian;

internal static partial class GuardianLog
{
    [LoggerMessage(EventId = 80, EventName = "GuardianProposed", Level = LogLevel.Information,
        Message = "Guardian proposed {Kind} for {Target} (action {ActionId}, finding {FindingId})")]
    public static partial void Proposed(ILogger logger, string kind, string target, string actionId, string findingId);

    [LoggerMessage(EventId = 81, EventName = "GuardianExecuted", Level = LogLevel.Warning,
        Message = "Guardian executed {Kind} for {Target} (action {ActionId}) on behalf of {Who}")]
    public static partial void Executed(ILogger logger, string kind, string target, string actionId, string who);

    [LoggerMessage(EventId = 82, EventName = "GuardianFailed", Level = LogLevel.Error,
        Message = "Guardian action {ActionId} ({Kind}) failed: {Error}")]
    public static partial void Failed(ILogger logger, string actionId, string kind, string error);

    [LoggerMessage(EventId = 83, EventName = "GuardianRolledBack", Level = LogLevel.Warning,
        Message = "Guardian action {ActionId} ({Kind} for {Target}) rolled back by {Who}")]
    public static partial void RolledBack(ILogger logger, string actionId, string kind, string target, string who);

    [LoggerMessage(EventId = 84, EventName = "GuardianPassFailed", Level = LogLevel.Error,
        Message = "Guardian pass failed; the next runs on schedule")]
    public static partial void PassFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 85, EventName = "GuardianLostRace", Level = LogLevel.Debug,
        Message = "Guardian action {ActionId} was moved by another replica first; this one does nothing")]
    public static partial void LostRace(ILogger logger, string actionId);

    [LoggerMessage(EventId = 86, EventName = "GuardianInterrupted", Level = LogLevel.Warning,
        Message = "Guardian action {ActionId} was left in {State} by a stopped admin; moved to {Next}")]
    public static partial void Interrupted(ILogger logger, string actionId, string state, string next);
}
