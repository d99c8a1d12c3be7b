namespace AiSpm.Admin.RedTeam;

internal static partial class Log
{
    [LoggerMessage(EventId = 3040, EventName = "RedTeamRunStarted", Level = LogLevel.Information,
        Message = "redteam: run {RunId} started: {Mode}, corpus {Corpus}, {Rows} rows, by {User}")]
    public static partial void RunStarted(ILogger logger, string runId, string mode, string corpus, int rows, string? user);

    [LoggerMessage(EventId = 3041, EventName = "RedTeamRunFinished", Level = LogLevel.Information,
        Message = "redteam: run {RunId} finished in {Ms:F0} ms: {Errors} errors, {Skipped} skipped, benign flagged {Flagged}/{Benign}")]
    public static partial void RunFinished(ILogger logger, string runId, double ms, int errors, int skipped, int flagged, int benign);

    [LoggerMessage(EventId = 3042, EventName = "RedTeamRunTimeLimit", Level = LogLevel.Warning,
        Message = "redteam: run {RunId} reached the time limit ({Seconds} s); {Left} rows were not judged")]
    public static partial void RunTimeLimit(ILogger logger, string runId, double seconds, int left);
}
