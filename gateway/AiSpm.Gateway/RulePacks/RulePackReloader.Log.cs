namespace AiSpm.Gateway.RulePacks;

internal sealed partial class RulePackReloader
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 440, EventName = "RuleSetReloaded", Level = LogLevel.Information,
            Message = "rule set {Version} in force: {RuleCount} rules from packs {Packs} (built in {ElapsedMs} ms)")]
        public static partial void Reloaded(ILogger logger, string version, int ruleCount, string packs, long elapsedMs);

        [LoggerMessage(EventId = 441, EventName = "RuleSetRefused", Level = LogLevel.Error,
            Message = "rule set change refused with {ErrorCount} error(s); keeping {Version}")]
        public static partial void Refused(ILogger logger, int errorCount, string version);

        // One line per error; each starts with the rule id (or the pack file when the file itself is wrong).
        [LoggerMessage(EventId = 442, EventName = "RulePackError", Level = LogLevel.Error, Message = "rule pack error: {Error}")]
        public static partial void RuleError(ILogger logger, string error);

        [LoggerMessage(EventId = 443, EventName = "RulePackUnknown", Level = LogLevel.Warning,
            Message = "the policy enables rule pack '{Pack}', which the rules folder does not have; ignored")]
        public static partial void UnknownPack(ILogger logger, string pack);

        [LoggerMessage(EventId = 444, EventName = "RulePackNoneKnown", Level = LogLevel.Warning,
            Message = "none of the policy's enabled rule packs exists; every pack stays on")]
        public static partial void NoKnownPack(ILogger logger);

        [LoggerMessage(EventId = 445, EventName = "RulePacksRequested", Level = LogLevel.Information,
            Message = "policy {PolicyVersion} enables rule packs {Packs}; rebuilding")]
        public static partial void PacksRequested(ILogger logger, string policyVersion, string packs);

        [LoggerMessage(EventId = 446, EventName = "RuleSetReloadFailed", Level = LogLevel.Error, Message = "rule set rebuild failed")]
        public static partial void ReloadFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 447, EventName = "RulesWatcherUnavailable", Level = LogLevel.Warning,
            Message = "cannot watch {Directory} for changes; checking it every {IntervalMs} ms instead")]
        public static partial void WatcherUnavailable(ILogger logger, string directory, int intervalMs, Exception exception);
    }
}
