using Microsoft.Extensions.Logging;

namespace AiSpm.MockUpstream.Serving;

internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "Listening", Level = LogLevel.Information, Message = "AiSpm MOCK upstream (not a real provider) listening on {Url}")]
    public static partial void Listening(ILogger logger, string url);

    [LoggerMessage(EventId = 2, EventName = "BadRequest", Level = LogLevel.Information, Message = "mock refused a request: {Reason}")]
    public static partial void BadRequest(ILogger logger, string reason);
}
