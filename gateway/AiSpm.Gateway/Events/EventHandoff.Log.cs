using System.Threading.Channels;
using AiSpm.Contracts;

namespace AiSpm.Gateway.Events;

internal sealed partial class EventHandoff
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 400, EventName = "HandoffAdminUnavailable", Level = LogLevel.Warning,
            Message = "admin service {Url} unavailable (status {Status}); spooling events to disk until it answers")]
        public static partial void AdminUnavailable(ILogger logger, string url, int status);

        [LoggerMessage(EventId = 401, EventName = "HandoffRecovered", Level = LogLevel.Information,
            Message = "admin service answers again; spool drained ({Replayed} events replayed so far)")]
        public static partial void Recovered(ILogger logger, long replayed);

        [LoggerMessage(EventId = 402, EventName = "HandoffDropped", Level = LogLevel.Error,
            Message = "DROPPED {Count} detection events: the spool is at its cap of {MaxBytes} bytes")]
        public static partial void Dropped(ILogger logger, int count, long maxBytes);

        [LoggerMessage(EventId = 403, EventName = "HandoffRejected", Level = LogLevel.Error,
            Message = "the admin service rejected a batch of {Count} events as invalid (status {Status}); it will not be retried")]
        public static partial void Rejected(ILogger logger, int count, int status);

        [LoggerMessage(EventId = 406, EventName = "HandoffEventRejected", Level = LogLevel.Warning,
            Message = "the admin service rejected event {Index} ({EventId}) of a batch: {Field} {Reason}; the rest of the batch is stored")]
        public static partial void EventRejected(ILogger logger, int index, string eventId, string field, string reason);

        [LoggerMessage(EventId = 407, EventName = "HandoffSplitting", Level = LogLevel.Information,
            Message = "the admin service found a batch of {Count} events too large (413); sending it as {First} and {Second}")]
        public static partial void Splitting(ILogger logger, int count, int first, int second);

        [LoggerMessage(EventId = 405, EventName = "HandoffSpoolFailed", Level = LogLevel.Error,
            Message = "could not write detection events to the spool; they are dropped")]
        public static partial void SpoolFailed(ILogger logger, Exception ex);

        [LoggerMessage(EventId = 404, EventName = "HandoffResuming", Level = LogLevel.Information,
            Message = "resuming delivery of {Count} spooled events from a previous run")]
        public static partial void Resuming(ILogger logger, long count);

        [LoggerMessage(EventId = 408, EventName = "HandoffJournalRecovered", Level = LogLevel.Warning,
            Message = "the previous run stopped with {Count} detection events queued; moved from its journal to the spool")]
        public static partial void JournalRecovered(ILogger logger, int count);

        [LoggerMessage(EventId = 409, EventName = "HandoffJournalFailed", Level = LogLevel.Error,
            Message = "could not journal a detection event; it is queued, but a kill before delivery would lose it")]
        public static partial void JournalFailed(ILogger logger, Exception ex);
    }
}
